"""Fictional people, places and personal data for the demo study's transcripts.

Every name here is invented for the demo: sites carry only a city-region, practices,
organisations and neighbourhoods are made up, and the personal data follows the formats a
pseudonymiser must catch while staying in ranges reserved for fiction (Ofcom's drama telephone
numbers, NHS numbers with the 999 test prefix, ``example.*`` e-mail domains).
"""

from __future__ import annotations

import numpy as np

#: First names of participants and staff, by the gender the transcripts use for them. None of
#: them is an ordinary English word, so a pseudonymiser that replaces them as whole words cannot
#: damage the surrounding text.
FEMALE_NAMES = (
    "Priya", "Siobhan", "Niamh", "Bethany", "Ayesha", "Lorraine", "Imogen", "Shabana", "Yvonne",
    "Farida", "Rhian", "Nadia", "Gemma", "Joanne", "Fiona", "Leanne", "Zainab", "Bronwen",
    "Anjali", "Tamsin", "Deborah", "Kirsty", "Mairead", "Helen", "Jasmin", "Sunita", "Carys",
    "Philippa", "Rukhsana", "Sinead", "Harriet", "Aisling", "Katrina", "Samira", "Lucinda",
    "Esther", "Hollie", "Louise", "Charlotte", "Magdalena", "Rosalind", "Yasmin", "Clare",
    "Theresa", "Nkechi", "Alison", "Rebecca", "Annika", "Shona", "Mehreen", "Lindsay",
    "Catriona", "Parveen", "Ffion", "Rachael", "Aoife", "Melanie", "Tanisha", "Bernadette",
    "Jolene", "Agnieszka", "Kerry", "Zoe", "Ngozi",
)  # fmt: skip

MALE_NAMES = (
    "Gareth", "Tariq", "Declan", "Kwame", "Darren", "Malcolm", "Callum", "Kieran", "Amrit",
    "Hamza", "Stuart", "Craig", "Rashid", "Lewis", "Oluwaseun", "Wesley", "Marcus", "Naveed",
    "Ewan", "Gavin", "Tomasz", "Delroy", "Neil", "Ravinder", "Dominic", "Jagdeep", "Abdul",
    "Vikram", "Euan", "Jamal", "Ciaran", "Bilal", "Dylan", "Ibrahim", "Graham", "Adebayo",
    "Kelvin", "Usman", "Nigel", "Chidi", "Rohan", "Alistair", "Faisal", "Sanjay", "Duncan",
    "Hussein", "Barnaby", "Gethin", "Kamran", "Lachlan",
)  # fmt: skip

SURNAMES = (
    "Whitfield", "Okafor", "Hussain", "Brennan", "Kowalski", "Ashworth", "Pennington",
    "Mahmood", "Thornley", "Osei", "Fairbairn", "Lindqvist", "Gallagher", "Achterberg",
    "Butterworth", "Nwosu", "Rafferty", "Quayle", "Sandhu", "Holroyd", "Abernethy", "Chaudhry",
    "Dunmore", "Ellwood", "Fitzgerald", "Greenhalgh", "Haworth", "Iqbal", "Jarvis", "Kaur",
    "Lomax", "McAllister", "Nuttall", "Oyelaran", "Prendergast", "Ramsbottom", "Sheikh",
    "Tennant", "Uddin", "Varley", "Wainwright", "Yeadon", "Zielinski", "Armitage", "Boateng",
    "Crowther", "Donnelly", "Entwistle", "Farooq", "Goddard", "Hargreaves", "Ingham", "Jowett",
    "Kavanagh", "Leatherbarrow", "Mensah", "Nolan", "Ormerod", "Pickersgill", "Qureshi",
    "Rhodes", "Sutcliffe", "Tierman", "Umeh", "Vickers", "Winstanley", "Yardley", "Akhtar",
    "Bhatti", "Cartwright", "Dobson", "Egan", "Fothergill", "Gillespie", "Hennessy", "Ibbotson",
    "Jankowski", "Kilbride", "Lightfoot", "Mistry", "Naylor", "Oduya", "Pilkington", "Riordan",
    "Scholes", "Threlfall", "Walmsley", "Ahmadi", "Blackledge", "Coakley", "Dhillon", "Eckersley",
)  # fmt: skip

#: First names link workers use for the patients they talk about (older and younger).
PATIENT_NAMES = (
    "Maureen", "Derek", "Brenda", "Kenneth", "Doreen", "Trevor", "Sheila", "Norman", "Pauline",
    "Clive", "Marjorie", "Stanley", "Irene", "Raymond", "Gwendolyn", "Dennis", "Beryl", "Cyril",
    "Hilda", "Vernon", "Shirley", "Wilfred", "Jordan", "Kayleigh", "Tyler", "Chantelle", "Reece",
    "Shannon", "Aaron", "Jodie", "Mohammed", "Nasreen", "Krystyna", "Winston", "Lorna", "Geoffrey",
    "Elsie", "Bernard", "Janice", "Desmond", "Glenys", "Terence", "Josie", "Kofi", "Tracey",
    "Wayne", "Amina", "Eamon", "Myrtle", "Leroy",
)  # fmt: skip

#: The research team; interviewers are labelled by these names, which are not participants'.
RESEARCHERS = ("Ruth Callaghan", "Femi Adeyemi", "Leila Farrow")

PRACTICES = (
    "Ashgrove Medical Centre", "Brookfield Surgery", "Canal Street Health Centre",
    "Elmhurst Family Practice", "Fernbank Surgery", "Greystone Medical Practice",
    "Hollins Lane Surgery", "Ivydene Health Centre", "Kestrel Way Practice",
    "Larkhill Medical Centre", "Moorside Surgery", "Northgate Family Practice",
    "Oakleigh Health Centre", "Parkview Surgery", "Quarry Bank Medical Centre",
    "Rowan Tree Practice",
)  # fmt: skip

ORGANISATIONS = (
    "Hillside Community Trust", "Millbrook Community Hub", "Riverside Befriending Network",
    "Stonebridge Men's Shed", "Tanners Yard Food Project", "Upperfield Wellbeing Cafe",
    "Weavers Lane Advice Centre", "Ashbourne Carers Collective", "Bellfield Walking Friends",
    "Copperfield Community Garden", "Dovecote Arts Project", "Elmwood Lunch Club",
    "Foxglove Bereavement Circle", "Goldcrest Debt Advice", "Heronsgate Youth Project",
    "Juniper Court Tenants Group",
)  # fmt: skip

#: Invented neighbourhoods (a place smaller than a city, so never a real one).
PLACES = (
    "Brindlecote", "Calverstone", "Dunmere Vale", "Elmstead Rise", "Farrowmoor", "Gorsedene",
    "Harrowby Green", "Inchbrook Park", "Kestermoor", "Lanthorne", "Marlwick", "Nethercroft",
    "Ottersby", "Pellingham Rise", "Quillmoor", "Ravenscote",
)  # fmt: skip

#: City-regions of the sites, with the telephone area code and postcode districts that make
#: planted personal data plausible there (drama numbers: area code + 496 0xxx).
REGIONS = (
    ("West of England", "0117", ("BS5", "BS13", "BS4")),
    ("Greater Manchester", "0161", ("M14", "M22", "M40")),
    ("South Yorkshire", "0114", ("S2", "S5", "S9")),
    ("West Yorkshire", "0113", ("LS9", "LS11", "LS14")),
    ("West Midlands", "0121", ("B12", "B33", "B44")),
    ("Tyne and Wear", "0191", ("NE4", "NE6", "SR5")),
    ("Merseyside", "0151", ("L4", "L11", "L24")),
    ("Greater Nottingham", "0115", ("NG3", "NG5", "NG7")),
)

_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters a postcode's inward code may use
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def pick(rng: np.random.Generator, options):
    """One element of a non-empty sequence, chosen by ``rng``."""
    return options[int(rng.integers(len(options)))]


def nhs_check_digit(nine_digits: str) -> int | None:
    """The NHS number check digit (modulus 11) of nine digits, or None where none is valid.

    Digits are weighted 10 down to 2; the check digit is 11 minus the remainder of the sum
    modulo 11, with 11 read as 0 and 10 meaning the nine digits cannot start an NHS number.
    """
    total = sum(
        int(digit) * weight for digit, weight in zip(nine_digits, range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number(rng: np.random.Generator) -> str:
    """A valid NHS number in the 999 test range, spaced 3-3-4 as people read them out."""
    while True:
        nine = "999" + "".join(str(d) for d in rng.integers(0, 10, size=6))
        check = nhs_check_digit(nine)
        if check is not None:
            digits = nine + str(check)
            return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def mobile(rng: np.random.Generator) -> str:
    """A UK mobile number from Ofcom's drama range 07700 900000-900999."""
    tail = f"{int(rng.integers(1000)):03d}"
    return pick(rng, (f"07700 900{tail}", f"07700900{tail}", f"07700 900 {tail}"))


def landline(area_code: str, rng: np.random.Generator) -> str:
    """A landline number in the drama range of an area code (``0117 496 0xxx``)."""
    return f"{area_code} 496 0{int(rng.integers(1000)):03d}"


def postcode(districts: tuple[str, ...], rng: np.random.Generator) -> str:
    """A postcode in the valid UK format for one of the region's districts."""
    inward = f"{int(rng.integers(10))}{pick(rng, _INWARD_LETTERS)}{pick(rng, _INWARD_LETTERS)}"
    return f"{pick(rng, districts)} {inward}"


def email(first: str, last: str, rng: np.random.Generator) -> str:
    """A work or personal e-mail address on a domain reserved for examples."""
    local = pick(rng, (f"{first}.{last}", f"{first[0]}{last}", f"{first}{last[0]}"))
    return f"{local.lower()}@{pick(rng, ('example.org', 'example.net', 'example.com'))}"


def date_of_birth(rng: np.random.Generator, *, spoken: bool) -> str:
    """A date of birth: ``3rd May 1958`` when spoken, ``12/03/1956`` when read from a form."""
    year = int(rng.integers(1938, 1975))
    month = int(rng.integers(1, 13))
    day = int(rng.integers(1, 29))
    if not spoken:
        return f"{day:02d}/{month:02d}/{year}"
    suffix = "th" if 10 < day < 14 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix} {_MONTHS[month - 1]} {year}"
