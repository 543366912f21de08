"""Article pictures: one optional picture per article, resized on upload, with alt text."""
