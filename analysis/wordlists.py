"""Every word list the workbook's rules use, in one place.

Sentence splitting, tokens, terms, actor discovery and source attribution all decide with
lists of words: titles, abbreviations, weekdays, reporting verbs, the nouns of unnamed
sources.  They live here, so that a change to what counts as, say, a title reaches every
rule that looks for one.  Nothing here is imported from another library at run time.
"""

from __future__ import annotations

#: English stop words: scikit-learn's list (``sklearn.feature_extraction.text.
#: ENGLISH_STOP_WORDS``, BSD-3-Clause), copied so that importing the workbook does not
#: import scikit-learn; a test keeps the two equal.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst amoungst amount an and another any anyhow anyone
    anything anyway anywhere are around as at back be became because become becomes becoming
    been before beforehand behind being below beside besides between beyond bill both bottom
    but by call can cannot cant co con could couldnt cry de describe detail do done down due
    during each eg eight either eleven else elsewhere empty enough etc even ever every
    everyone everything everywhere except few fifteen fifty fill find fire first five for
    former formerly forty found four from front full further get give go had has hasnt have
    he hence her here hereafter hereby herein hereupon hers herself him himself his how
    however hundred i ie if in inc indeed interest into is it its itself keep last latter
    latterly least less ltd made many may me meanwhile might mill mine more moreover most
    mostly move much must my myself name namely neither never nevertheless next nine no
    nobody none noone nor not nothing now nowhere of off often on once one only onto or
    other others otherwise our ours ourselves out over own part per perhaps please put
    rather re same see seem seemed seeming seems serious several she should show side since
    sincere six sixty so some somehow someone something sometime sometimes somewhere still
    such system take ten than that the their them themselves then thence there thereafter
    thereby therefore therein thereupon these they thick thin third this those though three
    through throughout thru thus to together too top toward towards twelve twenty two un
    under until up upon us very via was we well were what whatever when whence whenever
    where whereafter whereas whereby wherein whereupon wherever whether which while whither
    who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves
    """.split()
)

# --- calendar ------------------------------------------------------------------------------
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Capitalised calendar words that are never names by themselves.
CALENDAR_WORDS: frozenset[str] = frozenset((*WEEKDAYS, *MONTHS, "Christmas", "Easter"))

# --- abbreviations (sentences and tokens) ----------------------------------------------------
#: Words that precede a name; a period after them never ends a sentence.
TITLE_ABBREVIATIONS: frozenset[str] = frozenset(
    """Mr Mrs Ms Mx Dr Gen Rep Reps Sen Sens Gov Lt Col Capt Cpt Sgt Maj Adm Cmdr Cdr Brig
    Prof Rev Hon Pres Supt Det Insp Atty Fr Msgr Gens Cpl Pvt Spc Ens Amb Sec Rt St Ste Mt Ft
    vs Messrs Mme Mlle""".split()
)
#: Abbreviations that may also end a sentence: months, company forms, states, Latin.
WEAK_ABBREVIATIONS: frozenset[str] = frozenset(
    """Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Inc Corp Co Ltd Plc Bros Jr Sr No Nos
    Dept Univ Assn Ave Blvd Rd Govt approx etc al est fig figs pp vol cf
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nebr Nev Okla Ore Pa Penn Tenn Tex Vt Va Wash Wis Wyo""".split()
)
#: Abbreviations before a number: "p. 55", "No. 5", "N°. 3", "vol. 2", "art. 50".
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset(
    "p pp P No no Nos nos N° n° Nr nr vol Vol art Art ch Ch para sec Sec fig Fig ex Ex".split()
)
#: Capitalised words, beyond the stop words, that commonly open a sentence; after a weak
#: abbreviation they mark a sentence end ("... in the U.S. The next day").
OPENER_WORDS: frozenset[str] = frozenset(
    """I I'm I’m It's It’s He's He’s She's She’s They're They’re We're We’re There's There’s
    That's That’s However Meanwhile Still Yet Asked Instead Officials""".split()
)
#: Capitalised words that commonly open a sentence.
SENTENCE_OPENERS: frozenset[str] = frozenset(w.capitalize() for w in STOP_WORDS) | OPENER_WORDS

# --- names -----------------------------------------------------------------------------------
#: Words before a name that make it a person (and are not part of the name).
PERSON_TITLES: frozenset[str] = frozenset(
    """Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Gen. Gen General Rep. Sen. Gov. Governor Lt. Col. Capt.
    Sgt. Maj. Adm. Prof. Professor Rev. Sir Dame Lord Lady President Vice Prime Minister
    Chancellor Secretary Senator Representative Marine Mullah Sheikh King Queen Prince
    Princess Pope Judge Justice Commissioner Ambassador Chairman Mayor Chief Executive
    Director Inspector Detective Officer Colonel Captain Sergeant Major Commander Admiral""".split()
)
#: Last words that make a name an organization.
ORG_WORDS: frozenset[str] = frozenset(
    """Department Ministry Command Party Council Inc. Inc Corp. Corp Co. Ltd Ltd. plc Plc
    University College Agency Commission Committee Bank Association Union Group Company
    Office Court Police Service Services Institute Foundation Board Authority Federation
    League Club Network Airways Airlines Motors Records Studios Parliament Assembly Senate Bros
    Congress Army Navy Force Forces Guard Organisation Organization Trust Fund Exchange
    Chamber Chambers""".split()
)
#: Last words of place names ("Abbey Gate", "Downing Street", "Gulf of Mexico").
PLACE_WORDS: frozenset[str] = frozenset(
    """Gate Street Road Square Avenue Lane Airport Bridge River Lake Mountain Mountains Valley
    Island Islands Bay Province Region Coast Sea Ocean Park Hill Hills Heights Station Harbour
    Harbor Canal Desert Peninsula Strait Gulf Plain Plains Beach Falls Creek Sound Channel
    Boulevard Estate Village Mount""".split()
)
#: Capitalised abbreviations that name things, units or times, never an actor.
NOT_ACTOR_ACRONYMS: frozenset[str] = frozenset(
    """I TV OK AM PM PC PCs DVD DVDs CD CDs GMT BST EST ET PT ID IDs MP3 MP4 GDP GNP CEO CEOs
    CFO COO MP MPs MEP MEPs HQ PR IT AI SMS PIN VAT IVF DNA HIV AIDS TB SARS GPS USB LCD
    HD HDTV VCR PDA RSS URL PDF FAQ ATM DIY RIP PS UK""".split()
)
#: Last words of sports clubs' names ("Manchester United", "Aston Villa"): organizations.
TEAM_WORDS: frozenset[str] = frozenset(
    """United City Rovers Athletic Wanderers Albion County Villa Hotspur Rangers Celtic FC
    Town Orient Forest Palace Ham Wednesday Argyle Alexandra Dynamo Juventus Madrid Milan
    Munich Lions Saracens Harlequins Wasps Tigers Sharks Bulls Warriors Ospreys""".split()
)
#: Last words of events' names ("World Cup", "Australian Open", "Grand Slam").
EVENT_WORDS: frozenset[str] = frozenset(
    """Cup Open Slam Championship Championships Games Olympics Olympiad Prix Trophy Series
    Tour Awards Festival Nations Bowl Marathon Classic Masters Summit Conference Expo Fair
    Week Oscars Baftas Grammys Derby Final Finals""".split()
)
#: First words of two-word place names ("New York", "Los Angeles", "Hong Kong").
PLACE_OPENERS: frozenset[str] = frozenset(
    """New Los San Las Santa Saint St Port Fort Buenos Rio Hong Sao Tel Abu Kuala Costa
    Puerto Baton Salt Palm Cape Sierra""".split()
)
#: Lowercase words that join the capitalised words of a name ("Bank of England", "Osama bin
#: Laden", "Trinidad and Tobago"): the name model's runs may hold them.
NAME_LINKS: tuple[str, ...] = (
    "of", "for", "and", "&", "de", "du", "da", "di", "del", "della", "van", "von", "der",
    "den", "le", "la", "bin", "ibn", "al", "el", "on", "upon",
)  # fmt: skip
#: Capitalised words that open sentences and are not part of a following name.
NAME_OPENERS_TO_DROP: frozenset[str] = frozenset(
    """Later Earlier Meanwhile Instead Yesterday Today Tomorrow Now Still Last Next Critics
    Officials Analysts Police Despite Following After Before Speaking Asked Separately
    Elsewhere Overall Previously Recently Currently Similarly Eventually Finally""".split()
)

# --- who says what ---------------------------------------------------------------------------
REPORTING_VERBS: tuple[str, ...] = tuple(
    """said says say added adds told tells explained explains stated claimed claims
    asked asks warned warns noted insisted insists argued argues continued wrote writes
    admitted admits acknowledged acknowledges declared declares announced announces replied
    replies responded responds urged urges conceded concedes remarked stressed
    stresses believes believe believed thinks think thought suggested suggests confirmed
    confirms denied denies alleged alleges maintained maintains predicted predicts
    recalled recalls revealed reveals reported tweeted posted accused accuses
    charged called pledged pledges vowed vows described describes referred complained
    cautioned quipped joked emphasized emphasizes emphasised testified testifies countered
    protested boasted lamented asserted asserts contended contends demanded promised
    proclaimed proclaims shouted wondered mused observed pleaded blasted slammed praised
    criticized criticizes criticised dubbed labeled labelled branded texted messaged
    emailed e-mailed recounted recounts reiterated reiterates retorted retort implored
    proposed concluded concludes reply""".split()
)
#: Words that negate what follows them in a clause ("not", "never", "without").
NEGATIONS: frozenset[str] = frozenset({"not", "no", "never", "n't", "nor", "without", "hardly"})
#: Participles that carry a quote after a comma: "..., saying “...”", "accusing X of “...”".
SPEECH_PARTICIPLES: tuple[str, ...] = tuple(
    """saying adding telling calling accusing arguing insisting warning noting writing
    describing declaring claiming charging urging vowing pledging promising tweeting
    referring asking explaining stressing suggesting dubbing labeling branding encouraging
    demanding imploring""".split()
)
#: Head nouns of a person named by role ("said the senator", "the CNN host said").
PERSON_ROLE_NOUNS: frozenset[str] = frozenset(
    """senator president minister governor congressman congresswoman lawmaker host anchor
    chairman chairwoman leader director secretary candidate mayor judge justice prosecutor
    lawyer attorney economist analyst author founder executive chief ceo coach manager star
    player actor actress singer writer commentator columnist reporter correspondent
    official spokesman spokeswoman spokesperson representative rep. sen. gov. premier
    chancellor king queen prince pope ambassador commissioner general commander officer
    doctor professor researcher scientist woman man father mother son daughter wife husband
    businessman businesswoman billionaire activist veteran pastor priest speaker pro
    republican democrat congressman lawmaker scholar historian expert strategist adviser
    advisor aide nominee""".split()
)
#: Words before a name that make it an object, not the subject of its clause ("accused
#: Mr. Schiff", "at Donald Trump", "that Mr. Obama").
OBJECT_CUES: frozenset[str] = frozenset(
    """at to of for with about on against by that whether from than told asked met called
    accused blamed attacked criticized criticised praised thanked urged and or into onto
    over under after before between among toward towards upon like unlike""".split()
)
#: Head nouns of a news organization ("the newspaper wrote").
MEDIA_NOUNS: frozenset[str] = frozenset(
    """newspaper paper network magazine outlet site website channel station broadcaster
    publication tabloid daily agency""".split()
)
#: Common first names that tell a gender, for checking "he" and "she" against a name.
MALE_NAMES: frozenset[str] = frozenset(
    """James John Robert Michael William David Richard Joseph Thomas Charles Christopher
    Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George
    Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry
    Justin Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis
    Jerry Tyler Aaron Jose Adam Henry Nathan Douglas Zachary Peter Kyle Walter Ethan Jeremy
    Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse
    Dylan Bryan Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph
    Randy Eugene Vincent Russell Elijah Louis Bobby Philip Johnny Bill Barack Mitch Chuck
    Bernie Ted Marco Rand Mike Jim Tom Tony Gordon Boris Vladimir Xi Emmanuel Angelo Rudy
    Newt Rick Jeb Lindsey Nancy""".split()
) - {"Nancy", "Lindsey"}
FEMALE_NAMES: frozenset[str] = frozenset(
    """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy
    Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa
    Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda
    Pamela Emma Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet
    Catherine Maria Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren
    Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa
    Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice Judy Sophia Grace Denise Amber
    Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie
    Kayla Alexis Lori Hillary Kamala Theresa Angela Sarah Elizabeth Kirsten Dianne Maxine
    Alexandria Ilhan Rashida Lindsey Kellyanne Ivanka Melania Michelle Condoleezza""".split()
) - {"Lindsey"}
#: Subject pronouns that can name a speaker.
SPEAKER_PRONOUNS: tuple[str, ...] = ("he", "she", "they", "i", "we")
#: Words that open a clause, not a speaker ("..., while officials said").
CLAUSE_OPENERS: tuple[str, ...] = (
    "while",
    "and",
    "but",
    "as",
    "although",
    "though",
    "because",
    "whereas",
    "if",
    "when",
    "after",
    "before",
    "since",
    "until",
    "unless",
    "once",
)
#: Sentence adverbs and conjunctions trimmed from the front of a source phrase.
SOURCE_OPENERS: tuple[str, ...] = ("However", "But", "And", "While", "Yet", "So", "Meanwhile")
#: Head nouns of unnamed sources; the whole phrase is kept as the description.
ANONYMOUS_NOUNS: frozenset[str] = frozenset(
    """officials official authorities authority sources source people aides aide diplomats
    diplomat insiders insider observers critics residents witnesses commanders officers
    lawmakers investigators analysts experts spokesman spokeswoman spokesperson someone
    person individuals staff employees executives advisers advisors""".split()
)
#: Head nouns of documents cited as sources.
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """report statement study survey document documents memo filing letter data figures poll
    research analysis review release reports statements guidance""".split()
)
#: Head nouns of organizations cited without a name ("the company said").
ORGANIZATION_NOUNS: frozenset[str] = frozenset(
    """company firm group bank government ministry department party police agency council
    commission committee court club board union army military""".split()
)
#: Nouns a name modifies rather than names a speaker ("the Obama administration").
MODIFIED_NOUNS: frozenset[str] = frozenset(
    """administration campaign government era team camp aides aide supporters allies
    presidency policies policy plan White House""".split()
)
#: Role nouns that tell a gender ("the congresswoman said": she).
MALE_ROLES: frozenset[str] = frozenset(
    "congressman chairman spokesman businessman man father son husband king prince actor".split()
)
FEMALE_ROLES: frozenset[str] = frozenset(
    """congresswoman chairwoman spokeswoman businesswoman woman mother daughter wife queen
    princess actress""".split()
)
#: Words after a speaker's head noun that are not the head ("the president himself").
REFLEXIVES: frozenset[str] = frozenset({"himself", "herself", "themselves", "itself", "also"})
#: Small words a title keeps in lower case ("Meet the Press").
TITLE_SMALL_WORDS: frozenset[str] = frozenset(
    "a an the of and or for to in on at by with from as vs".split()
)
#: Words a speaker phrase never ends in ("New York City in the video and").
LINK_WORDS: frozenset[str] = frozenset(
    "and or but in of at on to for with that which who the a an".split()
)
