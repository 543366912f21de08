"""Paragraphs, quotes and closing sections from which article bodies are composed.

Same placeholders as ``stories``; the generator picks a few per article, so bodies vary.
"""

from __future__ import annotations

# topic -> language -> paragraphs
PARAGRAPHS: dict[str, dict[str, list[str]]] = {
    "leadership": {
        "en": [
            "The message is simple: we grow where we are close to our customers, and we stop "
            "doing what does not create value for them.",
            "The board will report on progress every quarter, in this newsroom and in open "
            "Q&A sessions at the larger sites, starting in {site}.",
        ],
        "de": [
            "Die Botschaft ist einfach: Wir wachsen dort, wo wir nah am Kunden sind, und hören "
            "mit dem auf, was für ihn keinen Wert schafft.",
            "Der Vorstand berichtet jedes Quartal über den Fortschritt, hier im Newsroom und in "
            "offenen Fragerunden an den großen Standorten, beginnend in {site}.",
        ],
    },
    "security": {
        "en": [
            "Attackers rarely break in through technology first. They try people: a convincing "
            "email, an urgent call, a QR code on a poster.",
            "If something looks odd, report it to the security hotline. You will never be "
            "blamed for a false alarm, and a fast report can stop an attack for everyone.",
        ],
        "de": [
            "Angreifer kommen selten zuerst über die Technik. Sie versuchen es bei Menschen: "
            "eine überzeugende E-Mail, ein dringender Anruf, ein QR-Code auf einem Plakat.",
            "Wenn Ihnen etwas seltsam vorkommt, melden Sie es der Security-Hotline. Für einen "
            "Fehlalarm wird niemand getadelt, und eine schnelle Meldung kann alle schützen.",
        ],
    },
    "sustainability": {
        "en": [
            "Our own operations account for a small share of our footprint; most of it lies in "
            "the supply chain and in how customers use our products.",
            "The team measured consumption for {n} months before changing anything, so every "
            "saving can be traced to a specific measure.",
        ],
        "de": [
            "Unser eigener Betrieb macht nur einen kleinen Teil unseres Fußabdrucks aus; der "
            "Großteil liegt in der Lieferkette und in der Nutzung unserer Produkte.",
            "Das Team hat den Verbrauch {n} Monate lang gemessen, bevor es etwas änderte, so "
            "lässt sich jede Einsparung einer Maßnahme zuordnen.",
        ],
    },
    "energy": {
        "en": [
            "More wind and solar power means more fluctuation. Grids need storage, fast "
            "switching and software that sees problems before they happen.",
            "Engineers from Grid Solutions and Building Technologies worked on the project "
            "together, a first for both units.",
        ],
        "de": [
            "Mehr Wind- und Solarstrom bedeutet mehr Schwankungen. Netze brauchen Speicher, "
            "schnelles Schalten und Software, die Probleme erkennt, bevor sie entstehen.",
            "Ingenieurinnen und Ingenieure von Grid Solutions und Building Technologies haben "
            "gemeinsam an dem Projekt gearbeitet, eine Premiere für beide Bereiche.",
        ],
    },
    "digitalization": {
        "en": [
            "The technology was the easy part. The hard part was agreeing on one way of working "
            "across {n} teams that had each built their own tools.",
            "Every change was tested with a small group first. Feedback from the shop floor "
            "led to {n}0 adjustments before the roll-out.",
        ],
        "de": [
            "Die Technik war der einfache Teil. Schwierig war es, sich über {n} Teams hinweg "
            "auf eine Arbeitsweise zu einigen, die alle ihre eigenen Werkzeuge gebaut hatten.",
            "Jede Änderung wurde zuerst mit einer kleinen Gruppe getestet. Rückmeldungen aus "
            "der Fertigung führten vor dem Roll-out zu {n}0 Anpassungen.",
        ],
    },
    "artificial-intelligence": {
        "en": [
            "The model does not decide on its own. It flags cases, explains why, and a person "
            "makes the call. That was a condition of the works council, and a good one.",
            "Training data came from {big} labelled examples collected over two years. The team "
            "checks every month whether the model still performs as validated.",
        ],
        "de": [
            "Das Modell entscheidet nicht allein. Es markiert Fälle, begründet sie, und ein "
            "Mensch entscheidet. Das war eine Bedingung des Betriebsrats, und eine gute.",
            "Die Trainingsdaten stammen aus {big} gelabelten Beispielen aus zwei Jahren. Das "
            "Team prüft jeden Monat, ob das Modell noch wie validiert arbeitet.",
        ],
    },
    "healthcare": {
        "en": [
            "For patients, a shorter exam means less time lying still in a narrow tube, and for "
            "hospitals it means more appointments per day.",
            "Clinical partners were involved from the first sketch. {n} hospitals tested early "
            "versions and shaped the user interface.",
        ],
        "de": [
            "Für Patienten bedeutet eine kürzere Untersuchung weniger Zeit still liegend in "
            "einer engen Röhre, für Kliniken mehr Termine pro Tag.",
            "Klinische Partner waren von der ersten Skizze an dabei. {n} Krankenhäuser haben "
            "frühe Versionen getestet und die Bedienoberfläche mitgeprägt.",
        ],
    },
    "mobility": {
        "en": [
            "Rail is the backbone of low-carbon transport, but only if trains run on time. "
            "Digital signalling lets more trains use the same track safely.",
            "The project team in {site} coordinated {n} suppliers and two national safety "
            "authorities to keep the schedule.",
        ],
        "de": [
            "Die Bahn ist das Rückgrat klimafreundlicher Mobilität, aber nur, wenn Züge "
            "pünktlich fahren. Digitale Signaltechnik lässt mehr Züge sicher auf dieselbe "
            "Strecke.",
            "Das Projektteam in {site} hat {n} Lieferanten und zwei nationale "
            "Sicherheitsbehörden koordiniert, um den Zeitplan zu halten.",
        ],
    },
    "smart-infrastructure": {
        "en": [
            "Buildings cause a large share of global emissions. Most of them will still stand in "
            "2050, so making existing buildings smarter matters more than building new ones.",
            "Sensors in every room report temperature, air quality and occupancy. The system "
            "learns the rhythm of the building within a few weeks.",
        ],
        "de": [
            "Gebäude verursachen einen großen Teil der weltweiten Emissionen. Die meisten "
            "stehen auch 2050 noch, deshalb zählt es mehr, bestehende Gebäude klüger zu machen.",
            "Sensoren in jedem Raum melden Temperatur, Luftqualität und Belegung. Das System "
            "lernt den Rhythmus des Gebäudes innerhalb weniger Wochen.",
        ],
    },
    "research-innovation": {
        "en": [
            "Research at {company} is measured not only by papers and patents but by how many "
            "ideas reach a product within five years.",
            "The team works closely with two universities; {n} doctoral students write their "
            "theses on topics from the lab.",
        ],
        "de": [
            "Forschung bei {company} wird nicht nur an Veröffentlichungen und Patenten gemessen, "
            "sondern daran, wie viele Ideen binnen fünf Jahren ein Produkt erreichen.",
            "Das Team arbeitet eng mit zwei Universitäten zusammen; {n} Doktorandinnen und "
            "Doktoranden schreiben ihre Arbeit zu Themen aus dem Labor.",
        ],
    },
    "customers-markets": {
        "en": [
            "What convinced the customer in the end was not the price but the service concept: "
            "a local team on call and spare parts within 24 hours.",
            "Sales, engineering and finance prepared the bid together, which cut the time to "
            "an offer from months to {n} weeks.",
        ],
        "de": [
            "Überzeugt hat den Kunden am Ende nicht der Preis, sondern das Servicekonzept: ein "
            "lokales Team in Rufbereitschaft und Ersatzteile binnen 24 Stunden.",
            "Vertrieb, Technik und Finanzen haben das Angebot gemeinsam erstellt; so schrumpfte "
            "die Zeit bis zum Angebot von Monaten auf {n} Wochen.",
        ],
    },
    "people-culture": {
        "en": [
            "Culture is not what is written on posters but how we treat each other on a Tuesday "
            "afternoon when the deadline is close.",
            "Colleagues from {n} nations work at the site; the canteen celebrates a different "
            "country's cuisine every week.",
        ],
        "de": [
            "Kultur ist nicht, was auf Plakaten steht, sondern wie wir an einem Dienstagnachmittag "
            "miteinander umgehen, wenn die Frist drückt.",
            "Am Standort arbeiten Menschen aus {n} Nationen; die Kantine feiert jede Woche die "
            "Küche eines anderen Landes.",
        ],
    },
    "careers-learning": {
        "en": [
            "Skills age faster than ever. That is why every employee has {n} paid learning days "
            "a year, and managers are asked to protect them.",
            "The learning platform recommends courses based on your role and the skills you "
            "want to build; you decide what to take.",
        ],
        "de": [
            "Wissen veraltet schneller denn je. Deshalb hat jede und jeder {n} bezahlte Lerntage "
            "im Jahr, und Führungskräfte sollen sie schützen.",
            "Die Lernplattform empfiehlt Kurse passend zu Rolle und Zielen; was Sie belegen, "
            "entscheiden Sie selbst.",
        ],
    },
    "diversity": {
        "en": [
            "Diverse teams make better decisions; our own data from {n}0 project reviews shows "
            "fewer late surprises in mixed teams.",
            "The employee networks are open to everyone, including allies. Most events are "
            "streamed so colleagues at smaller sites can join.",
        ],
        "de": [
            "Vielfältige Teams entscheiden besser; unsere eigenen Daten aus {n}0 "
            "Projektreviews zeigen weniger späte Überraschungen in gemischten Teams.",
            "Die Mitarbeitendennetzwerke stehen allen offen, auch Unterstützern. Die meisten "
            "Veranstaltungen werden gestreamt, damit kleinere Standorte dabei sein können.",
        ],
    },
    "learnfromit": {
        "en": [
            "We share this story because the next team should not have to make the same "
            "mistake. Setbacks are part of innovation; hiding them is not.",
            "In the review nobody asked who was to blame. The questions were: what did we know, "
            "when did we know it, and what would have helped us see it earlier?",
        ],
        "de": [
            "Wir erzählen diese Geschichte, damit das nächste Team den Fehler nicht wiederholen "
            "muss. Rückschläge gehören zur Innovation; sie zu verstecken nicht.",
            "Im Review hat niemand nach Schuldigen gefragt. Die Fragen waren: Was wussten wir, "
            "wann wussten wir es, und was hätte uns geholfen, es früher zu sehen?",
        ],
    },
    "community": {
        "en": [
            "Every employee can take {n} paid days a year for volunteering. Last year colleagues "
            "used more than {big} of them.",
            "The local team chose the projects themselves, together with schools and "
            "associations they already knew.",
        ],
        "de": [
            "Alle Beschäftigten können {n} bezahlte Tage im Jahr für ein Ehrenamt nutzen. "
            "Letztes Jahr wurden mehr als {big} davon genommen.",
            "Das Team vor Ort hat die Projekte selbst ausgesucht, zusammen mit Schulen und "
            "Vereinen, die es schon kannte.",
        ],
    },
}

QUOTES: dict[str, list[str]] = {
    "en": [
        '> "We did not get everything right the first time, but we learned fast." '
        "— {person}, {role}, {site}",
        '> "What made the difference was the team: people who wanted this to work." '
        "— {person}, {role}, {site}",
        '> "Our customers noticed the change before our own dashboards did." '
        "— {person}, {role}, {site}",
        '> "I would do it again tomorrow, and I would start earlier." — {person}, {role}, {site}',
    ],
    "de": [
        "> „Wir haben nicht alles beim ersten Mal richtig gemacht, aber schnell gelernt.“ "
        "— {person}, {role}, {site}",
        "> „Den Unterschied hat das Team gemacht: Menschen, die wollten, dass es klappt.“ "
        "— {person}, {role}, {site}",
        "> „Unsere Kunden haben die Veränderung bemerkt, bevor es unsere Kennzahlen taten.“ "
        "— {person}, {role}, {site}",
        "> „Ich würde es morgen wieder tun, und ich würde früher anfangen.“ "
        "— {person}, {role}, {site}",
    ],
}

FACTS_HEADING: dict[str, str] = {"en": "## In numbers", "de": "## In Zahlen"}
FACTS: dict[str, list[str]] = {
    "en": [
        "- {n} sites involved",
        "- {big} colleagues reached",
        "- {pct} percent improvement against the baseline",
        "- {n}0 people in the core team",
        "- first results after {n} months",
    ],
    "de": [
        "- {n} beteiligte Standorte",
        "- {big} erreichte Kolleginnen und Kollegen",
        "- {pct} Prozent besser als der Ausgangswert",
        "- {n}0 Menschen im Kernteam",
        "- erste Ergebnisse nach {n} Monaten",
    ],
}

NEXT_HEADING: dict[str, str] = {"en": "## What happens next", "de": "## Wie es weitergeht"}
NEXT_STEPS: dict[str, list[str]] = {
    "en": [
        "The approach will be rolled out to {n} more sites in {region} next year. Questions? "
        "Write to the project team in the comments.",
        "A short video with the team is available on the intranet. The next update follows in "
        "{n} weeks.",
        "Want to get involved? The team in {site} is looking for colleagues who want to help.",
        "Details and contact persons for your region are on the {bu} intranet pages.",
    ],
    "de": [
        "Im nächsten Jahr folgen {n} weitere Standorte in {region}. Fragen? Schreiben Sie dem "
        "Projektteam in den Kommentaren.",
        "Ein kurzes Video mit dem Team finden Sie im Intranet. Das nächste Update folgt in {n} "
        "Wochen.",
        "Sie möchten mitmachen? Das Team in {site} sucht Kolleginnen und Kollegen, die helfen.",
        "Details und Ansprechpersonen für Ihre Region stehen auf den Intranetseiten von {bu}.",
    ],
}

MUST_READ_NOTE: dict[str, str] = {
    "en": "**Please confirm that you have read this message.**",
    "de": "**Bitte bestätigen Sie, dass Sie diese Nachricht gelesen haben.**",
}
