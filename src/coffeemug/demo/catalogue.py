"""The invented company behind the demo: Vantoria Group, an industrial technology group.

Taxonomy, regions, business units, sites and the names the generator draws from. Everything is
made up; no real company, product or person is meant.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPANY = "Vantoria"


@dataclass(frozen=True, slots=True)
class TopicSpec:
    slug: str
    name_de: str
    name_en: str
    parent: str | None = None
    mandatory: bool = False
    followed_by_default: bool = False

    def row(self) -> dict[str, object]:
        """The ``topics`` table row for this topic."""
        return {
            "id": self.slug,
            "name_de": self.name_de,
            "name_en": self.name_en,
            "parent_id": self.parent,
            "mandatory": self.mandatory,
            "followed_by_default": self.followed_by_default,
        }


# Parents come before their children so rows can be inserted in this order.
TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec("leadership", "Führung & CEO-Briefe", "Leadership & CEO letters", mandatory=True),
    TopicSpec("security", "Sicherheit", "Security", mandatory=True),
    TopicSpec("sustainability", "Nachhaltigkeit", "Sustainability", followed_by_default=True),
    TopicSpec("energy", "Energie", "Energy", parent="sustainability"),
    TopicSpec("digitalization", "Digitalisierung", "Digitalization"),
    TopicSpec(
        "artificial-intelligence",
        "Künstliche Intelligenz",
        "Artificial intelligence",
        parent="digitalization",
    ),
    TopicSpec("healthcare", "Gesundheit & Medizintechnik", "Healthcare"),
    TopicSpec("mobility", "Mobilität", "Mobility"),
    TopicSpec("smart-infrastructure", "Intelligente Infrastruktur", "Smart infrastructure"),
    TopicSpec("research-innovation", "Forschung & Innovation", "Research & innovation"),
    TopicSpec("customers-markets", "Kunden & Märkte", "Customers & markets"),
    TopicSpec("people-culture", "Menschen & Kultur", "People & culture", followed_by_default=True),
    TopicSpec("careers-learning", "Karriere & Lernen", "Careers & learning", "people-culture"),
    TopicSpec("diversity", "Vielfalt & Inklusion", "Diversity & inclusion", "people-culture"),
    TopicSpec("learnfromit", "#learnfromit", "#learnfromit"),
    TopicSpec("community", "Engagement & Gesellschaft", "Community & volunteering"),
)
TOPIC_SLUGS: tuple[str, ...] = tuple(t.slug for t in TOPICS)
MANDATORY_TOPICS: frozenset[str] = frozenset(t.slug for t in TOPICS if t.mandatory)

# Topics that often appear together on one article (second topic tag).
RELATED_TOPICS: dict[str, tuple[str, ...]] = {
    "leadership": ("customers-markets", "people-culture", "sustainability"),
    "security": ("digitalization", "artificial-intelligence"),
    "sustainability": ("energy", "smart-infrastructure", "mobility"),
    "energy": ("sustainability", "smart-infrastructure"),
    "digitalization": ("artificial-intelligence", "customers-markets", "security"),
    "artificial-intelligence": ("digitalization", "research-innovation", "healthcare"),
    "healthcare": ("research-innovation", "artificial-intelligence"),
    "mobility": ("sustainability", "customers-markets", "digitalization"),
    "smart-infrastructure": ("energy", "digitalization", "sustainability"),
    "research-innovation": ("artificial-intelligence", "healthcare", "energy"),
    "customers-markets": ("digitalization", "mobility", "smart-infrastructure"),
    "people-culture": ("careers-learning", "diversity", "community"),
    "careers-learning": ("people-culture", "artificial-intelligence"),
    "diversity": ("people-culture", "careers-learning"),
    "learnfromit": ("research-innovation", "customers-markets", "digitalization"),
    "community": ("people-culture", "sustainability"),
}

# How often each topic is written about (relative weights for the article mix).
TOPIC_VOLUME: dict[str, float] = {
    "leadership": 0.45,
    "security": 0.45,
    "sustainability": 1.2,
    "energy": 0.9,
    "digitalization": 1.1,
    "artificial-intelligence": 1.2,
    "healthcare": 1.0,
    "mobility": 1.0,
    "smart-infrastructure": 1.0,
    "research-innovation": 0.9,
    "customers-markets": 1.1,
    "people-culture": 1.0,
    "careers-learning": 0.8,
    "diversity": 0.6,
    "learnfromit": 0.6,
    "community": 0.6,
}


@dataclass(frozen=True, slots=True)
class RegionSpec:
    name: str
    share: float  # of the workforce
    german_speakers: float  # share of employees who read German
    english_speakers: float  # share who read English
    sites: tuple[str, ...]


REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec("Germany", 0.34, 0.98, 0.75, ("Munich", "Erlangen", "Nuremberg", "Berlin")),
    RegionSpec("DACH South", 0.08, 0.95, 0.7, ("Vienna", "Zug", "Graz")),
    RegionSpec("Americas", 0.18, 0.04, 1.0, ("Chicago", "Atlanta", "Monterrey", "São Paulo")),
    RegionSpec("UK & Ireland", 0.09, 0.05, 1.0, ("Manchester", "Cork", "Bristol")),
    RegionSpec("Nordics", 0.07, 0.15, 1.0, ("Gothenburg", "Espoo", "Aarhus")),
    RegionSpec("Asia Pacific", 0.14, 0.03, 1.0, ("Singapore", "Suzhou", "Melbourne")),
    RegionSpec("India", 0.10, 0.02, 1.0, ("Pune", "Bengaluru", "Chennai")),
)
REGION_NAMES: tuple[str, ...] = tuple(r.name for r in REGIONS)
# How English running text names a region ("in the Americas").
REGION_IN_TEXT_EN: dict[str, str] = {
    "Americas": "the Americas",
    "Nordics": "the Nordics",
    "UK & Ireland": "the UK and Ireland",
}
REGION_NAMES_DE: dict[str, str] = {
    "Germany": "Deutschland",
    "DACH South": "DACH Süd",
    "Americas": "Amerika",
    "UK & Ireland": "Großbritannien & Irland",
    "Nordics": "Nordeuropa",
    "Asia Pacific": "Asien-Pazifik",
    "India": "Indien",
}


@dataclass(frozen=True, slots=True)
class BusinessUnitSpec:
    name: str
    share: float
    # Topics this unit's people lean towards (raises their chance in hidden interests).
    leanings: tuple[str, ...]


BUSINESS_UNITS: tuple[BusinessUnitSpec, ...] = (
    BusinessUnitSpec(
        "Building Technologies", 0.18, ("smart-infrastructure", "energy", "sustainability")
    ),
    BusinessUnitSpec(
        "Factory Automation", 0.22, ("digitalization", "artificial-intelligence", "security")
    ),
    BusinessUnitSpec("Rail & Mobility", 0.14, ("mobility", "customers-markets", "sustainability")),
    BusinessUnitSpec(
        "Medical Imaging", 0.16, ("healthcare", "research-innovation", "artificial-intelligence")
    ),
    BusinessUnitSpec("Grid Solutions", 0.12, ("energy", "smart-infrastructure", "sustainability")),
    BusinessUnitSpec("Vantoria Financial Services", 0.06, ("customers-markets", "leadership")),
    BusinessUnitSpec("Corporate Functions", 0.12, ("people-culture", "leadership", "diversity")),
)
BU_NAMES: tuple[str, ...] = tuple(b.name for b in BUSINESS_UNITS)

FIRST_NAMES: tuple[str, ...] = (
    "Anna", "Lukas", "Sophie", "Jonas", "Marie", "Felix", "Lea", "Paul", "Hannah", "Elias",
    "Clara", "Noah", "Emma", "Ben", "Mia", "Leon", "Ida", "Finn", "Lena", "Jan", "Sara",
    "Tobias", "Julia", "Matthias", "Katharina", "Stefan", "Sabine", "Andreas", "Claudia",
    "Michael", "Olivia", "James", "Emily", "Daniel", "Grace", "Ethan", "Chloe", "Liam",
    "Ava", "Samuel", "Priya", "Arjun", "Ananya", "Rahul", "Kavya", "Vikram", "Meera",
    "Wei", "Mei", "Jun", "Hana", "Kenji", "Yuki", "Min-jun", "Ji-woo", "Lucas", "Gabriela",
    "Mateo", "Valentina", "Diego", "Camila", "Erik", "Astrid", "Lars", "Ingrid", "Mikko",
    "Aino", "Siobhan", "Conor", "Aisling", "Oliver", "Amelia", "Fatima", "Omar", "Leyla",
    "Mehmet", "Elif", "Tomasz", "Zofia", "Nikolai", "Elena", "Marco", "Giulia",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Becker", "Schmidt", "Wagner", "Hoffmann", "Keller", "Vogel", "Brandt", "Lorenz",
    "Krüger", "Neumann", "Hartmann", "Seidel", "Winkler", "Frank", "Berger", "Roth",
    "Fischer", "Weber", "Albrecht", "Huber", "Gruber", "Moser", "Walker", "Bennett",
    "Hughes", "Carter", "Morgan", "Turner", "Parker", "Collins", "Murphy", "Kelly",
    "Walsh", "Byrne", "Sharma", "Iyer", "Nair", "Patel", "Reddy", "Kulkarni", "Chen",
    "Wang", "Li", "Tan", "Lim", "Nakamura", "Sato", "Park", "Kim", "Silva", "Oliveira",
    "Santos", "García", "Hernández", "Ramírez", "Lindqvist", "Nyström", "Virtanen",
    "Korhonen", "Jensen", "Nielsen", "Andersen", "Yilmaz", "Kaya", "Nowak", "Kowalski",
    "Rossi", "Bianchi", "Ivanova", "Dubois",
)  # fmt: skip

# Invented products and programmes the stories talk about.
PRODUCTS: tuple[str, ...] = (
    "Vantoria Flux",
    "GridSense",
    "Helio Control",
    "RailPilot",
    "ScanLine 7",
    "Atrium BMS",
    "Kinetix Edge",
    "Luma Sensor Suite",
    "PulseView",
    "TerraCharge",
)
# Invented customers as (English, German) names; proper names read well in every grammatical case.
CUSTOMERS: tuple[tuple[str, str], ...] = (
    ("Ostbahn Regio", "Ostbahn Regio"),
    ("Westerberg University Hospital", "Universitätsklinikum Westerberg"),
    ("Eichental Municipal Utilities", "Stadtwerke Eichental"),
    ("Voltaris Cells", "Voltaris Cells"),
    ("Lindenbrück Airport", "Flughafen Lindenbrück"),
    ("Alpenhof Foods", "Alpenhof Foods"),
    ("Sonnfeld Health Group", "Sonnfeld Klinikverbund"),
    ("Korvex Semiconductors", "Korvex Semiconductors"),
    ("Port of Nordhafen", "Hafen Nordhafen"),
    ("Cirrovia Data Centres", "Cirrovia Rechenzentren"),
)
# Which customers fit a topic's stories (indices into CUSTOMERS); other topics draw from all.
TOPIC_CUSTOMERS: dict[str, tuple[int, ...]] = {
    "healthcare": (1, 6),
    "mobility": (0, 4, 8),
    "energy": (2, 3, 8),
    "smart-infrastructure": (1, 2, 4, 9),
    "digitalization": (3, 5, 7),
    "artificial-intelligence": (3, 5, 7, 9),
}
ROLES_EN: tuple[str, ...] = (
    "plant manager",
    "head of engineering",
    "apprentice",
    "project lead",
    "data scientist",
    "service technician",
    "product manager",
    "sustainability officer",
    "head of HR",
    "software developer",
)
# Job functions rather than gendered job titles, as German internal news usually writes them.
ROLES_DE: tuple[str, ...] = (
    "Werkleitung",
    "Leitung Entwicklung",
    "Ausbildung Mechatronik",
    "Projektleitung",
    "Data Science",
    "Service",
    "Produktmanagement",
    "Nachhaltigkeitsteam",
    "Personalleitung",
    "Softwareentwicklung",
)
SITE_NAMES_DE: dict[str, str] = {
    "Munich": "München",
    "Nuremberg": "Nürnberg",
    "Vienna": "Wien",
    "Gothenburg": "Göteborg",
}
CAMPAIGNS: tuple[tuple[str, str], ...] = (
    ("Net Zero 2030", "Our path to net-zero operations by 2030, told by the people who do it."),
    ("Safe by Design", "A year-long security awareness campaign across all business units."),
    ("Future Skills", "Reskilling for the digital factory: courses, stories and career paths."),
    ("Customer First Week", "A week of stories from customer projects in every region."),
)
CAMPAIGN_TOPICS: dict[str, tuple[str, ...]] = {
    "Net Zero 2030": ("sustainability", "energy"),
    "Safe by Design": ("security",),
    "Future Skills": ("careers-learning", "artificial-intelligence", "digitalization"),
    "Customer First Week": ("customers-markets",),
}
