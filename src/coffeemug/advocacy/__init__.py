"""Corporate influencers: employees share articles in their own words on their own social
networks, a post coach shows what a good post looks like, tracked links count what a share
achieved, and nobody is ranked."""
