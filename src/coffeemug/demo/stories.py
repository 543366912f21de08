"""Hand-written headline and teaser templates per topic, in English and German.

Placeholders: {site} {region} {bu} {product} {customer} {person} {role} {n} {big} {pct}
{company}. The generator fills them from the catalogue, so one template yields many articles.
"""

from __future__ import annotations

# topic -> list of (title_en, summary_en, title_de, summary_de)
STORIES: dict[str, list[tuple[str, str, str, str]]] = {
    "leadership": [
        (
            "Letter from the CEO: what the quarter taught us",
            "Orders grew in {n} of our 12 markets. Our CEO explains where we must get faster and "
            "why {bu} sets the pace for the rest of the group.",
            "Brief des CEO: Was uns das Quartal gelehrt hat",
            "Der Auftragseingang wuchs in {n} von 12 Märkten. Unser CEO erklärt, wo wir schneller "
            "werden müssen und warum {bu} das Tempo für den Konzern vorgibt.",
        ),
        (
            "Five questions to the board about our 2030 strategy",
            "Why fewer, bigger bets? The board answers the questions employees asked most in the "
            "town hall in {site}.",
            "Fünf Fragen an den Vorstand zur Strategie 2030",
            "Warum weniger, aber größere Wetten? Der Vorstand beantwortet die Fragen, die beim "
            "Townhall in {site} am häufigsten gestellt wurden.",
        ),
        (
            "New leadership team for {bu}",
            "{person} takes over {bu} on the first of next month. A conversation about priorities, "
            "customers and what stays the same.",
            "Neues Führungsteam für {bu}",
            "{person} übernimmt zum Monatsersten die Leitung von {bu}. Ein Gespräch über "
            "Prioritäten, Kunden und das, was bleibt.",
        ),
        (
            "CEO town hall: {big} colleagues joined live",
            "Growth, cost discipline and the question of remote work: the key messages from "
            "today's town hall, in five minutes.",
            "CEO-Townhall: {big} Kolleginnen und Kollegen live dabei",
            "Wachstum, Kostendisziplin und die Frage nach mobilem Arbeiten: die Kernbotschaften "
            "des heutigen Townhalls in fünf Minuten.",
        ),
        (
            "Why we are investing in {site}",
            "A new competence centre with {n}00 jobs. The CEO on the decision, the alternatives "
            "and what it means for {region}.",
            "Warum wir in {site} investieren",
            "Ein neues Kompetenzzentrum mit {n}00 Arbeitsplätzen. Der CEO über die Entscheidung, "
            "die Alternativen und was sie für die Region {region} bedeutet.",
        ),
        (
            "Leadership principles, rewritten by {big} employees",
            "After months of workshops our leadership principles have a new, shorter wording. "
            "Here is what changed and why.",
            "Führungsleitlinien, neu geschrieben von {big} Beschäftigten",
            "Nach monatelangen Workshops haben unsere Führungsleitlinien eine neue, kürzere "
            "Fassung. Was sich geändert hat und warum.",
        ),
    ],
    "security": [
        (
            "Phishing wave: fake invoices target {bu}",
            "Since Monday, emails posing as supplier invoices have reached {big} mailboxes. How "
            "to recognise them and what to do if you clicked.",
            "Phishing-Welle: Gefälschte Rechnungen zielen auf {bu}",
            "Seit Montag haben E-Mails, die sich als Lieferantenrechnungen ausgeben, {big} "
            "Postfächer erreicht. So erkennen Sie sie und das tun Sie, wenn Sie geklickt haben.",
        ),
        (
            "Mandatory: multi-factor sign-in for all remote access",
            "From the 1st of next month every remote connection needs a second factor. Set up the "
            "authenticator app in {n} minutes with this guide.",
            "Pflicht: Zwei-Faktor-Anmeldung für jeden Fernzugriff",
            "Ab dem Ersten des nächsten Monats braucht jede Fernverbindung einen zweiten Faktor. "
            "Mit dieser Anleitung richten Sie die Authenticator-App in {n} Minuten ein.",
        ),
        (
            "Security update for {product}: install by Friday",
            "A vulnerability in the remote service interface of {product} has been fixed. "
            "Service teams update customer systems in a coordinated roll-out.",
            "Sicherheitsupdate für {product}: bis Freitag installieren",
            "Eine Schwachstelle in der Fernwartungsschnittstelle von {product} ist behoben. "
            "Die Serviceteams aktualisieren Kundensysteme in einem abgestimmten Roll-out.",
        ),
        (
            "Travelling to trade fairs? Protect your laptop",
            "Hotel Wi-Fi, USB sticks as giveaways, shoulder surfing: six habits that keep "
            "customer data safe on the road.",
            "Auf Messereise? So schützen Sie Ihren Laptop",
            "Hotel-WLAN, USB-Sticks als Werbegeschenk, neugierige Blicke: sechs Gewohnheiten, "
            "die Kundendaten unterwegs schützen.",
        ),
        (
            "Plant security in {site}: what the red team found",
            "For two weeks, ethical hackers tested the OT network in {site}. The findings and "
            "the {n} measures every plant should copy.",
            "Werkschutz in {site}: Was das Red Team gefunden hat",
            "Zwei Wochen lang testeten ethische Hacker das OT-Netz in {site}. Die Ergebnisse und "
            "die {n} Maßnahmen, die jedes Werk übernehmen sollte.",
        ),
        (
            "Report it: the new security hotline",
            "One number, one mailbox, answered around the clock. Why reporting a suspicion early "
            "is always right, even if it turns out harmless.",
            "Melden Sie es: die neue Security-Hotline",
            "Eine Nummer, ein Postfach, rund um die Uhr besetzt. Warum eine frühe Meldung immer "
            "richtig ist, auch wenn sich der Verdacht als harmlos erweist.",
        ),
    ],
    "sustainability": [
        (
            "{site} plant cuts CO2 emissions by {pct} percent",
            "Heat pumps, a new compressed-air system and smarter shift planning: how the team in "
            "{site} reached its climate target two years early.",
            "Werk {site} senkt CO2-Ausstoß um {pct} Prozent",
            "Wärmepumpen, eine neue Druckluftanlage und klügere Schichtplanung: Wie das Team in "
            "{site} sein Klimaziel zwei Jahre früher erreicht hat.",
        ),
        (
            "Circular by design: {product} gets a second life",
            "Returned units are refurbished in {site} and sold with full warranty. {pct} percent "
            "of the material stays in the loop.",
            "Kreislauf von Anfang an: {product} bekommt ein zweites Leben",
            "Zurückgenommene Geräte werden in {site} aufbereitet und mit voller Garantie "
            "verkauft. {pct} Prozent des Materials bleiben im Kreislauf.",
        ),
        (
            "Our supplier climate programme reaches {big} partners",
            "Suppliers covering most of our purchasing volume now report emissions. What we ask "
            "of them and how we help smaller firms get started.",
            "Unser Klimaprogramm für Lieferanten erreicht {big} Partner",
            "Lieferanten, die den Großteil unseres Einkaufsvolumens abdecken, berichten jetzt "
            "ihre Emissionen. Was wir verlangen und wie wir kleinen Firmen den Einstieg "
            "erleichtern.",
        ),
        (
            "Sustainability report: where we are behind",
            "We met {n} of our 12 targets. An honest look at water use, business travel and "
            "the packaging goal we missed.",
            "Nachhaltigkeitsbericht: Wo wir hinterherhinken",
            "Wir haben {n} von 12 Zielen erreicht. Ein ehrlicher Blick auf Wasserverbrauch, "
            "Dienstreisen und das verfehlte Verpackungsziel.",
        ),
        (
            "Green team {site}: {n} ideas, one weekend",
            "Volunteers collected ideas to save energy and waste at the site. Three of them "
            "are already in place.",
            "Green Team {site}: {n} Ideen an einem Wochenende",
            "Freiwillige sammelten Ideen, um am Standort Energie und Abfall zu sparen. Drei davon "
            "sind bereits umgesetzt.",
        ),
        (
            "Company cars: the last combustion engines leave the fleet",
            "From next year the car policy only lists electric models. Charging at home, "
            "at the office and on the road explained.",
            "Dienstwagen: Die letzten Verbrenner verlassen die Flotte",
            "Ab dem nächsten Jahr enthält die Car Policy nur noch Elektromodelle. Laden zu Hause, "
            "im Büro und unterwegs erklärt.",
        ),
    ],
    "energy": [
        (
            "{product} balances the grid for {customer}",
            "A battery storage system of {n}0 megawatt hours now smooths peaks from wind and "
            "solar. A look inside the control room.",
            "{product} stabilisiert das Netz für {customer}",
            "Ein Batteriespeicher mit {n}0 Megawattstunden glättet jetzt die Spitzen aus Wind und "
            "Sonne. Ein Blick in die Leitwarte.",
        ),
        (
            "Solar roof in {site} now covers {pct} percent of demand",
            "The largest rooftop installation in the group went live in spring. First results "
            "beat the forecast.",
            "Solardach in {site} deckt jetzt {pct} Prozent des Bedarfs",
            "Die größte Dachanlage im Konzern ging im Frühjahr ans Netz. Die ersten Ergebnisse "
            "übertreffen die Prognose.",
        ),
        (
            "Hydrogen-ready: substation order from {customer}",
            "Grid Solutions will deliver switchgear for a new electrolyser site. The order is "
            "worth a three-digit million sum over {n} years.",
            "Wasserstofffähig: Umspannwerk-Auftrag von {customer}",
            "Grid Solutions liefert Schaltanlagen für einen neuen Elektrolysestandort. Der "
            "Auftrag ist über {n} Jahre dreistellige Millionen wert.",
        ),
        (
            "Energy prices: how our plants cut consumption",
            "Load shifting, waste-heat recovery and sensors on every motor: {n} measures that "
            "saved {big} megawatt hours last winter.",
            "Energiepreise: Wie unsere Werke den Verbrauch senken",
            "Lastverschiebung, Abwärmenutzung und Sensoren an jedem Motor: {n} Maßnahmen, die "
            "im letzten Winter {big} Megawattstunden gespart haben.",
        ),
        (
            "Explained: what a virtual power plant does",
            "Thousands of small producers act like one big one. Our grid experts explain the "
            "idea behind our new software in plain words.",
            "Erklärt: Was ein virtuelles Kraftwerk macht",
            "Tausende kleine Erzeuger verhalten sich wie ein großes. Unsere Netzexperten erklären "
            "die Idee hinter unserer neuen Software in einfachen Worten.",
        ),
    ],
    "digitalization": [
        (
            "Digital twin saves {customer} {n} weeks of commissioning",
            "The entire line was tested virtually before the first machine arrived. What the "
            "project team in {site} learned along the way.",
            "Digitaler Zwilling spart {customer} {n} Wochen Inbetriebnahme",
            "Die gesamte Linie wurde virtuell getestet, bevor die erste Maschine ankam. Was das "
            "Projektteam in {site} dabei gelernt hat.",
        ),
        (
            "Goodbye paper: {site} goes fully digital on the shop floor",
            "Tablets replace work folders at {big} workstations. Fewer errors, faster audits, "
            "and an app the workers helped design.",
            "Tschüss Papier: {site} geht in der Fertigung voll digital",
            "Tablets ersetzen Arbeitsmappen an {big} Arbeitsplätzen. Weniger Fehler, schnellere "
            "Audits und eine App, die die Beschäftigten mitgestaltet haben.",
        ),
        (
            "Our new collaboration platform: the first {n} weeks",
            "Chats, files and meetings in one place. Adoption figures, the most common "
            "questions and tips from power users.",
            "Unsere neue Kollaborationsplattform: die ersten {n} Wochen",
            "Chats, Dateien und Meetings an einem Ort. Nutzungszahlen, die häufigsten Fragen und "
            "Tipps von Power-Usern.",
        ),
        (
            "{product} now runs in the cloud",
            "Customers can monitor their installations from anywhere. Why the move took two "
            "years and what it changes for service teams.",
            "{product} läuft jetzt in der Cloud",
            "Kunden können ihre Anlagen von überall überwachen. Warum der Umzug zwei Jahre "
            "gedauert hat und was er für die Serviceteams ändert.",
        ),
        (
            "Low-code in {bu}: {n}0 apps built by non-programmers",
            "From holiday planners to quality checklists: colleagues without IT background "
            "automate their own workflows.",
            "Low-Code bei {bu}: {n}0 Apps von Nicht-Programmierern",
            "Vom Urlaubsplaner bis zur Qualitätscheckliste: Kolleginnen und Kollegen ohne "
            "IT-Hintergrund automatisieren ihre eigenen Abläufe.",
        ),
        (
            "Data sharing with suppliers: the first pilot",
            "Real-time demand data instead of monthly spreadsheets. {n} suppliers joined the "
            "pilot; delivery delays fell by {pct} percent.",
            "Datenaustausch mit Lieferanten: der erste Pilot",
            "Echtzeit-Bedarfsdaten statt monatlicher Tabellen. {n} Lieferanten machen mit; "
            "Lieferverzögerungen sanken um {pct} Prozent.",
        ),
    ],
    "artificial-intelligence": [
        (
            "AI spots defects the human eye misses",
            "In {site} a vision model checks every circuit board. The false-reject rate fell by "
            "{pct} percent, and inspectors now focus on the hard cases.",
            "KI findet Fehler, die dem Auge entgehen",
            "In {site} prüft ein Bildverarbeitungsmodell jede Leiterplatte. Die Fehlausschussquote "
            "sank um {pct} Prozent, die Prüfer konzentrieren sich auf schwierige Fälle.",
        ),
        (
            "Our rules for generative AI at work",
            "What you may paste into chatbots and what never. The new guideline in "
            "{n} points, with examples from daily work.",
            "Unsere Regeln für generative KI im Job",
            "Was Sie in Chatbots eingeben dürfen und was nie. Die neue Richtlinie in "
            "{n} Punkten, mit Beispielen aus dem Arbeitsalltag.",
        ),
        (
            "Predictive maintenance for {customer}",
            "Sensors and a forecasting model announce failures days ahead. Unplanned downtime "
            "dropped by {pct} percent in the first year.",
            "Vorausschauende Wartung für {customer}",
            "Sensoren und ein Prognosemodell kündigen Ausfälle Tage im Voraus an. Ungeplante "
            "Stillstände sanken im ersten Jahr um {pct} Prozent.",
        ),
        (
            "Ask the manual: AI search for service technicians",
            "Ask in your own words, get the right page of a {big}-page manual. Technicians in "
            "{region} tested it for {n} months.",
            "Frag das Handbuch: KI-Suche für Servicetechniker",
            "In eigenen Worten fragen, die richtige Seite aus {big} Seiten Handbuch bekommen. "
            "Techniker in {region} haben ihn {n} Monate lang getestet.",
        ),
        (
            "AI in {bu}: hype or help? Three teams report",
            "Not every pilot made it to production. Three teams share what worked, what did not "
            "and how they measured it.",
            "KI bei {bu}: Hype oder Hilfe? Drei Teams berichten",
            "Nicht jeder Pilot ging in Produktion. Drei Teams erzählen, was funktioniert hat, was "
            "nicht und wie sie es gemessen haben.",
        ),
        (
            "AI learning path: {big} colleagues enrolled",
            "From basics to prompt engineering to model validation: the new learning path is "
            "open to everyone, in German and English.",
            "KI-Lernpfad: {big} Kolleginnen und Kollegen angemeldet",
            "Von den Grundlagen über Prompt Engineering bis zur Modellvalidierung: Der neue "
            "Lernpfad steht allen offen, auf Deutsch und Englisch.",
        ),
    ],
    "healthcare": [
        (
            "Faster scans, less contrast agent: {product} in clinical use",
            "{customer} reports shorter exam times with the new imaging software. Radiologists "
            "explain what changes for patients.",
            "Schnellere Scans, weniger Kontrastmittel: {product} im Klinikeinsatz",
            "{customer} berichtet von kürzeren Untersuchungszeiten mit der neuen "
            "Bildgebungssoftware. Radiologen erklären, was sich für Patienten ändert.",
        ),
        (
            "From {site} to the world: {big} imaging systems shipped",
            "The plant celebrates a milestone. A visit to the line where precision is measured "
            "in micrometres.",
            "Von {site} in die Welt: {big} Bildgebungssysteme ausgeliefert",
            "Das Werk feiert einen Meilenstein. Ein Besuch an der Linie, auf der Präzision in "
            "Mikrometern gemessen wird.",
        ),
        (
            "Remote scanning helps rural clinics in {region}",
            "Experts operate scanners from hundreds of kilometres away. {n} clinics now share "
            "one specialist team.",
            "Ferngesteuerte Scans helfen Landkliniken in {region}",
            "Experten bedienen Scanner aus Hunderten Kilometern Entfernung. {n} Kliniken teilen "
            "sich jetzt ein Spezialistenteam.",
        ),
        (
            "Approval for our new ultrasound platform",
            "After {n} years of development the platform is cleared for sale. The team behind "
            "it on setbacks, trials and the moment of approval.",
            "Zulassung für unsere neue Ultraschallplattform",
            "Nach {n} Jahren Entwicklung darf die Plattform verkauft werden. Das Team über "
            "Rückschläge, Studien und den Moment der Zulassung.",
        ),
        (
            "Workplace health: free check-ups in {site}",
            "The health week offers screenings, ergonomics advice and talks on sleep and "
            "stress. Registration opens today.",
            "Gesundheit am Arbeitsplatz: kostenlose Check-ups in {site}",
            "Die Gesundheitswoche bietet Vorsorgeuntersuchungen, Ergonomieberatung und Vorträge "
            "zu Schlaf und Stress. Die Anmeldung ist ab heute offen.",
        ),
    ],
    "mobility": [
        (
            "{customer} orders {n}0 trains with RailPilot signalling",
            "The biggest rail order in the history of {bu}. What RailPilot does and why "
            "punctuality is expected to rise.",
            "{customer} bestellt {n}0 Züge mit RailPilot-Signaltechnik",
            "Der größte Bahnauftrag in der Geschichte von {bu}. Was RailPilot kann und warum die "
            "Pünktlichkeit steigen soll.",
        ),
        (
            "Charging depots for electric buses in {site}",
            "Overnight, {n}0 buses charge at one depot without overloading the grid. The "
            "software schedules every charger to the minute.",
            "Ladedepots für E-Busse in {site}",
            "Über Nacht laden {n}0 Busse an einem Depot, ohne das Netz zu überlasten. Die "
            "Software plant jede Ladesäule auf die Minute.",
        ),
        (
            "Automatic train operation: first passengers on board",
            "After {n} years of testing, the line in {region} runs with automatic operation. "
            "Drivers stay on board and monitor.",
            "Automatischer Zugbetrieb: erste Fahrgäste an Bord",
            "Nach {n} Jahren Tests fährt die Strecke in {region} im automatischen Betrieb. "
            "Triebfahrzeugführer bleiben an Bord und überwachen.",
        ),
        (
            "Job ticket or bike leasing? New mobility budget",
            "From next month every employee in Germany gets a monthly mobility budget. How it "
            "works and what it covers.",
            "Jobticket oder Dienstrad? Neues Mobilitätsbudget",
            "Ab nächstem Monat erhalten alle Beschäftigten in Deutschland ein monatliches "
            "Mobilitätsbudget. So funktioniert es und das deckt es ab.",
        ),
        (
            "Rail maintenance with drones in {region}",
            "Drones inspect overhead lines {n} times faster than crews on foot. A pilot with "
            "{customer}.",
            "Bahnwartung mit Drohnen in {region}",
            "Drohnen prüfen Oberleitungen {n}-mal schneller als Teams zu Fuß. Ein Pilotprojekt "
            "mit {customer}.",
        ),
    ],
    "smart-infrastructure": [
        (
            "Smart building in {site} uses {pct} percent less energy",
            "Atrium BMS connects heating, light and room booking. The office adapts to how many "
            "people actually come in.",
            "Smart Building in {site} verbraucht {pct} Prozent weniger Energie",
            "Atrium BMS verbindet Heizung, Licht und Raumbuchung. Das Büro passt sich an, wie "
            "viele Menschen tatsächlich kommen.",
        ),
        (
            "{customer} modernises with {product}",
            "A campus of {n} buildings gets one control system. The project manager explains "
            "the retrofit while operations continue.",
            "{customer} modernisiert mit {product}",
            "Ein Campus mit {n} Gebäuden bekommt ein einziges Leitsystem. Die Projektleitung "
            "erklärt die Nachrüstung im laufenden Betrieb.",
        ),
        (
            "Fire safety goes digital",
            "Connected detectors report their own maintenance needs. Facility teams in "
            "{region} save {n} inspection rounds a year.",
            "Brandschutz wird digital",
            "Vernetzte Melder melden ihren Wartungsbedarf selbst. Facility-Teams in {region} "
            "sparen {n} Kontrollgänge pro Jahr.",
        ),
        (
            "Data centres: cooling smarter, not harder",
            "Our controls cut cooling energy at {customer} by {pct} percent. Why data centres "
            "are becoming our fastest-growing market.",
            "Rechenzentren: klüger kühlen statt mehr",
            "Unsere Regelung senkt bei {customer} die Kühlenergie um {pct} Prozent. Warum "
            "Rechenzentren unser am schnellsten wachsender Markt werden.",
        ),
        (
            "The city as a system: a pilot in {site}",
            "Traffic lights, street lighting and parking sensors share one data platform. "
            "Residents get fewer traffic jams and darker, safer nights.",
            "Die Stadt als System: ein Pilot in {site}",
            "Ampeln, Straßenbeleuchtung und Parksensoren teilen eine Datenplattform. Die "
            "Bewohner bekommen weniger Staus und dunklere, sichere Nächte.",
        ),
    ],
    "research-innovation": [
        (
            "{n} patents in one year: the inventors of {site}",
            "The research centre in {site} had its best year. Meet the people behind the "
            "inventions and the ideas they are working on next.",
            "{n} Patente in einem Jahr: die Erfinder aus {site}",
            "Das Forschungszentrum in {site} hatte sein bestes Jahr. Die Menschen hinter den "
            "Erfindungen und die Ideen, an denen sie als Nächstes arbeiten.",
        ),
        (
            "Quantum sensors: from lab to first prototype",
            "Our research team built a magnetic sensor {n} times more sensitive than today's "
            "products. What it could mean for medical imaging.",
            "Quantensensoren: vom Labor zum ersten Prototyp",
            "Unser Forschungsteam hat einen Magnetsensor gebaut, der {n}-mal empfindlicher ist "
            "als heutige Produkte. Was das für die Bildgebung bedeuten könnte.",
        ),
        (
            "Start-up partnership: {n} young companies join our accelerator",
            "Robotics, battery recycling and building analytics: the new cohort starts in "
            "{site}. Colleagues can apply as mentors.",
            "Start-up-Partnerschaft: {n} junge Firmen im Accelerator",
            "Robotik, Batterierecycling und Gebäudeanalytik: Der neue Jahrgang startet in "
            "{site}. Kolleginnen und Kollegen können sich als Mentoren bewerben.",
        ),
        (
            "Idea contest: {big} ideas, {n} winners",
            "The annual innovation contest had record participation. The winning ideas come "
            "from the shop floor as often as from the labs.",
            "Ideenwettbewerb: {big} Ideen, {n} Gewinner",
            "Der jährliche Innovationswettbewerb hatte Rekordbeteiligung. Die Siegerideen kommen "
            "so oft aus der Fertigung wie aus den Laboren.",
        ),
        (
            "Open lab day in {site}: see what we build next",
            "For one day the research labs open their doors to all colleagues and families. "
            "{n}0 demonstrators, from printed electronics to self-healing materials.",
            "Tag der offenen Labore in {site}",
            "Einen Tag lang öffnen die Forschungslabore ihre Türen für alle Beschäftigten und "
            "Familien. {n}0 Demonstratoren, von gedruckter Elektronik bis zu selbstheilenden "
            "Materialien.",
        ),
    ],
    "customers-markets": [
        (
            "Record order from {customer}",
            "{bu} wins its largest contract in {region} to date. The sales team on a pursuit "
            "that took {n} years.",
            "Rekordauftrag von {customer}",
            "{bu} gewinnt den bisher größten Auftrag in {region}. Das Vertriebsteam über eine "
            "Akquise, die {n} Jahre gedauert hat.",
        ),
        (
            "Customer satisfaction: what {big} customers told us",
            "The annual survey shows where we shine and where customers wait too long. Service "
            "response times are the top complaint.",
            "Kundenzufriedenheit: Was uns {big} Kunden gesagt haben",
            "Die jährliche Umfrage zeigt, wo wir glänzen und wo Kunden zu lange warten. "
            "Reaktionszeiten im Service sind die häufigste Kritik.",
        ),
        (
            "Trade fair highlights: {product} steals the show",
            "{big} visitors at our booth, {n}0 qualified leads. The best moments of the fair and "
            "what customers asked about most.",
            "Messe-Highlights: {product} ist der Star",
            "{big} Besucher an unserem Stand, {n}0 qualifizierte Kontakte. Die besten Momente der "
            "Messe und wonach Kunden am häufigsten fragten.",
        ),
        (
            "Growing fast in {region}: a visit to our fastest-growing team",
            "Orders doubled in two years. How a team of {n}0 people in {site} builds a business "
            "close to its customers.",
            "Wachstumsmarkt {region}: Besuch beim am schnellsten wachsenden Team",
            "Der Auftragseingang hat sich in zwei Jahren verdoppelt. Wie ein Team von {n}0 "
            "Menschen in {site} ein Geschäft nah am Kunden aufbaut.",
        ),
        (
            "Quarterly results: orders up, margins stable",
            "Revenue grew by {pct} percent. Where growth came from and what the CFO expects for "
            "the rest of the year.",
            "Quartalszahlen: Aufträge rauf, Margen stabil",
            "Der Umsatz wuchs um {pct} Prozent. Woher das Wachstum kam und was der CFO für den "
            "Rest des Jahres erwartet.",
        ),
        (
            "Financing solutions help {customer} invest",
            "Vantoria Financial Services structured a pay-per-use model. The customer pays for "
            "output, not for machines.",
            "Finanzierungslösungen helfen {customer} beim Investieren",
            "Vantoria Financial Services hat ein Pay-per-Use-Modell entwickelt. Der Kunde zahlt "
            "für Leistung, nicht für Maschinen.",
        ),
    ],
    "people-culture": [
        (
            "A day with the night shift in {site}",
            "When most of us sleep, {n}0 colleagues keep the lines running. We joined them from "
            "ten in the evening until six in the morning.",
            "Ein Tag mit der Nachtschicht in {site}",
            "Wenn die meisten von uns schlafen, halten {n}0 Kolleginnen und Kollegen die Linien "
            "am Laufen. Wir waren von zehn Uhr abends bis sechs Uhr früh dabei.",
        ),
        (
            "Employee survey: 7{n} percent took part",
            "The results are in: trust in direct managers is high, workload is the biggest "
            "concern. What happens next in every team.",
            "Mitarbeiterbefragung: 7{n} Prozent haben teilgenommen",
            "Die Ergebnisse sind da: Das Vertrauen in direkte Führungskräfte ist hoch, die "
            "Arbeitslast die größte Sorge. Was jetzt in jedem Team passiert.",
        ),
        (
            "4{n} years at {company}: meet our longest-serving colleague",
            "{person} started as an apprentice in {site}. A conversation about change, loyalty "
            "and the best coffee machine in the plant.",
            "4{n} Jahre bei {company}: unser dienstältester Kollege",
            "{person} fing als Azubi in {site} an. Ein Gespräch über Wandel, Treue und die beste "
            "Kaffeemaschine im Werk.",
        ),
        (
            "Hybrid work: new agreement signed",
            "Management and works council agree on up to three days of mobile work per week. "
            "The details, and what stays the team's decision.",
            "Hybrides Arbeiten: neue Vereinbarung unterschrieben",
            "Unternehmensleitung und Betriebsrat einigen sich auf bis zu drei Tage mobiles "
            "Arbeiten pro Woche. Die Details und was Teamentscheidung bleibt.",
        ),
        (
            "Summer party in {site}: the photos",
            "{big} colleagues and families, three bands and a tug-of-war between production and "
            "finance. Guess who won.",
            "Sommerfest in {site}: die Fotos",
            "{big} Kolleginnen, Kollegen und Familien, drei Bands und ein Tauziehen zwischen "
            "Produktion und Finanzen. Raten Sie, wer gewonnen hat.",
        ),
        (
            "Share plan: buy {company} shares with a bonus",
            "The employee share programme opens again. For every three shares you buy, you get "
            "one free. Deadlines and how to sign up.",
            "Aktienprogramm: {company}-Aktien mit Bonus",
            "Das Belegschaftsaktienprogramm öffnet wieder. Für drei gekaufte Aktien gibt es eine "
            "gratis. Fristen und Anmeldung.",
        ),
    ],
    "careers-learning": [
        (
            "From apprentice to engineer: {person}'s path",
            "A dual study programme, two stays abroad and now head of a test lab in {site}. "
            "How internal careers work at {company}.",
            "Vom Azubi zur Ingenieurin: der Weg von {person}",
            "Duales Studium, zwei Auslandsaufenthalte und jetzt Leitung eines Testlabors in "
            "{site}. Wie interne Karrieren bei {company} funktionieren.",
        ),
        (
            "Internal job market: {big} open positions",
            "Before we hire externally, we look inside. The new job market shows roles across "
            "all regions, filtered by your skills.",
            "Interner Stellenmarkt: {big} offene Stellen",
            "Bevor wir extern einstellen, schauen wir nach innen. Der neue Stellenmarkt zeigt "
            "Stellen in allen Regionen, gefiltert nach Ihren Fähigkeiten.",
        ),
        (
            "Learning week: {n}0 free sessions",
            "Data literacy, negotiation, time management and a language café. Sign up for as "
            "many sessions as you like, during working hours.",
            "Lernwoche: {n}0 kostenlose Sessions",
            "Datenkompetenz, Verhandlungsführung, Zeitmanagement und ein Sprachcafé. Melden Sie "
            "sich für beliebig viele Sessions an, während der Arbeitszeit.",
        ),
        (
            "Mentoring programme opens applications",
            "Experienced colleagues from {bu} mentor newcomers for {n} months. What mentees say "
            "they gained, and how to apply.",
            "Mentoring-Programm startet Bewerbungsphase",
            "Erfahrene Kolleginnen und Kollegen von {bu} begleiten Neue {n} Monate lang. Was "
            "Mentees mitgenommen haben und wie Sie sich bewerben.",
        ),
        (
            "Reskilling: from assembly to robot programming",
            "{n}0 colleagues in {site} retrained for the automated line. Six months, full pay, "
            "and a certificate at the end.",
            "Umschulung: von der Montage zur Roboterprogrammierung",
            "{n}0 Beschäftigte in {site} haben für die automatisierte Linie umgeschult. Sechs "
            "Monate, volles Gehalt und am Ende ein Zertifikat.",
        ),
    ],
    "diversity": [
        (
            "Women in engineering: {pct} percent and rising",
            "The share of women in technical roles grew again. Three engineers on role models, "
            "obstacles and what made the difference.",
            "Frauen in der Technik: {pct} Prozent und steigend",
            "Der Frauenanteil in technischen Berufen ist wieder gestiegen. Drei Ingenieurinnen "
            "über Vorbilder, Hürden und was den Unterschied machte.",
        ),
        (
            "Pride month: our network celebrates in {n} countries",
            "Events, panels and a flag at every site. The employee network explains why "
            "visibility still matters at work.",
            "Pride Month: unser Netzwerk feiert in {n} Ländern",
            "Veranstaltungen, Podien und eine Flagge an jedem Standort. Das Mitarbeitendennetzwerk "
            "erklärt, warum Sichtbarkeit im Job noch immer zählt.",
        ),
        (
            "Accessible workplaces: what changed in {site}",
            "Ramps, screen readers and quiet rooms: colleagues with disabilities tested the new "
            "office. Their verdict, and what is still missing.",
            "Barrierefreie Arbeitsplätze: Was sich in {site} geändert hat",
            "Rampen, Screenreader und Ruheräume: Kolleginnen und Kollegen mit Behinderung haben "
            "das neue Büro getestet. Ihr Urteil und was noch fehlt.",
        ),
        (
            "Generations at work: reverse mentoring in {bu}",
            "Trainees coach senior managers on social media and new tools. Both sides say they "
            "learn more than expected.",
            "Generationen im Job: Reverse Mentoring bei {bu}",
            "Auszubildende coachen Führungskräfte zu Social Media und neuen Tools. Beide Seiten "
            "sagen, sie lernen mehr als erwartet.",
        ),
    ],
    "learnfromit": [
        (
            "#learnfromit: the launch we had to stop",
            "Two weeks before release, {product} failed a field test in {site}. The project lead "
            "on stopping in time and what the team changed.",
            "#learnfromit: der Launch, den wir stoppen mussten",
            "Zwei Wochen vor dem Start fiel {product} bei einem Feldtest in {site} durch. Die "
            "Projektleitung über rechtzeitiges Stoppen und was das Team geändert hat.",
        ),
        (
            "#learnfromit: why our pilot with {customer} failed",
            "The technology worked, the business case did not. An honest look back at {n} months "
            "of work, and the three questions we now ask first.",
            "#learnfromit: Warum unser Pilot mit {customer} scheiterte",
            "Die Technik funktionierte, der Business Case nicht. Ein ehrlicher Rückblick auf {n} "
            "Monate Arbeit und die drei Fragen, die wir jetzt zuerst stellen.",
        ),
        (
            "#learnfromit: the supplier we relied on too much",
            "When a single supplier stopped delivering, the line in {site} stood still for {n} "
            "days. What purchasing changed afterwards.",
            "#learnfromit: der Lieferant, auf den wir uns zu sehr verließen",
            "Als ein einziger Lieferant ausfiel, stand die Linie in {site} {n} Tage still. Was "
            "der Einkauf danach geändert hat.",
        ),
        (
            "#learnfromit: my first big mistake as a manager",
            "{person}, {role}, on a reorganisation that went wrong, an apology to the team and "
            "the lesson to listen before deciding.",
            "#learnfromit: mein erster großer Fehler als Führungskraft",
            "{person}, {role}, über eine misslungene Umstrukturierung, eine Entschuldigung beim "
            "Team und die Lehre, erst zuzuhören und dann zu entscheiden.",
        ),
        (
            "#learnfromit: the data migration that took three times longer",
            "We planned {n} weeks and needed three times as long. The IT team on hidden "
            "dependencies, optimism and why they now plan in small steps.",
            "#learnfromit: die Datenmigration, die dreimal länger dauerte",
            "Geplant waren {n} Wochen, gebraucht haben wir dreimal so lange. Das IT-Team über "
            "versteckte Abhängigkeiten, Optimismus und warum es jetzt in kleinen Schritten plant.",
        ),
    ],
    "community": [
        (
            "Volunteering day: {big} colleagues, {n}0 projects",
            "Planting trees, painting schools, coding with kids: one day off for a good cause. "
            "Stories from {region}.",
            "Tag des Ehrenamts: {big} Beschäftigte, {n}0 Projekte",
            "Bäume pflanzen, Schulen streichen, mit Kindern programmieren: ein freier Tag für "
            "einen guten Zweck. Geschichten aus {region}.",
        ),
        (
            "STEM for kids: our engineers visit {n}0 schools",
            "Building robots from kits, measuring solar power, asking why the sky is blue. Why "
            "colleagues in {site} give their time.",
            "MINT für Kinder: Unsere Ingenieure besuchen {n}0 Schulen",
            "Roboter aus Bausätzen, Solarstrom messen, fragen, warum der Himmel blau ist. Warum "
            "Beschäftigte in {site} ihre Zeit schenken.",
        ),
        (
            "Flood relief: how colleagues in {region} helped",
            "Generators, pumps and {n}0 volunteers within 48 hours. The company matches every "
            "donation made by employees.",
            "Fluthilfe: Wie Kolleginnen und Kollegen in {region} geholfen haben",
            "Generatoren, Pumpen und {n}0 Freiwillige binnen 48 Stunden. Das Unternehmen "
            "verdoppelt jede Spende der Beschäftigten.",
        ),
        (
            "Charity run in {site}: {big} kilometres for a good cause",
            "Teams from every business unit ran for the children's hospital. The donation "
            "check and the funniest costumes.",
            "Spendenlauf in {site}: {big} Kilometer für den guten Zweck",
            "Teams aus allen Geschäftsbereichen liefen für das Kinderkrankenhaus. Der "
            "Spendenscheck und die lustigsten Kostüme.",
        ),
    ],
}
