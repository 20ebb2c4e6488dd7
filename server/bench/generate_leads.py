#!/usr/bin/python3
"""Writes a realistic lead CSV (the import/export columns) for benchmarks and load tests.

    server/bench/generate_leads.py ROWS [--seed N] [--assignees user1,user2] > leads.csv

Deterministic for a seed. Names, streets and cities are drawn from US-style lists; every lead
has a unique mobile number in a 555 exchange and a unique email, a loss type, a carrier and
money amounts; about a third have a second phone, tags and a claim number; statuses follow a
pipeline-shaped distribution. Only the standard library: nothing to install.
"""
import argparse
import csv
import random
import sys

FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
         "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy "
         "Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily "
         "Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa "
         "Timothy Deborah Ronald Stephanie Jason Rebecca Edward Sharon Jeffrey Laura Ryan Cynthia "
         "Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry "
         "Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory "
         "Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine "
         "Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce "
         "Henry Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan "
         "Walter Evelyn Noah Judith Jeremy Megan Christian Andrea Keith Cheryl Roger Hannah Terry "
         "Jacqueline Gerald Martha Harold Gloria Sean Teresa Austin Ann Carl Sara Arthur Madison "
         "Lawrence Frances Dylan Kathryn Jesse Janice Jordan Jean Bryan Abigail Billy Alice Joe "
         "Judy Bruce Sophia Gabriel Grace Logan Denise Albert Amber Willie Doris Alan Marilyn Juan "
         "Danielle Wayne Beverly Elijah Isabella Randy Theresa Roy Diana Vincent Natalie Ralph "
         "Brittany Eugene Charlotte Russell Marie Bobby Kayla Mason Alexis Philip Lori").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
        "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
        "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
        "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
        "Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris "
        "Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly "
        "Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza "
        "Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell "
        "Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher "
        "Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace "
        "Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray "
        "Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells "
        "Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter "
        "Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black "
        "Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels").split()
STREETS = ("Oak Maple Cedar Pine Elm Walnut Willow Birch Magnolia Pecan Live Oak Mesquite Juniper "
           "Sycamore Cypress Hickory Poplar Ash Laurel Holly Bluebonnet Prairie Ridge Lake River "
           "Hill Meadow Creek Spring Valley Forest Park Highland Sunset Church Main Mill "
           "Washington Lincoln Jefferson Madison Jackson Franklin").split()
SUFFIX = ["St", "Ave", "Dr", "Ln", "Rd", "Blvd", "Ct", "Way", "Trl", "Pkwy"]
PLACES = [("Austin", "TX", "787"), ("Houston", "TX", "770"), ("Dallas", "TX", "752"),
          ("San Antonio", "TX", "782"), ("Fort Worth", "TX", "761"), ("Tampa", "FL", "336"),
          ("Miami", "FL", "331"), ("Orlando", "FL", "328"), ("Jacksonville", "FL", "322"),
          ("Tallahassee", "FL", "323"), ("New Orleans", "LA", "701"), ("Baton Rouge", "LA", "708"),
          ("Oklahoma City", "OK", "731"), ("Tulsa", "OK", "741"), ("Denver", "CO", "802"),
          ("Colorado Springs", "CO", "809"), ("Charlotte", "NC", "282"), ("Raleigh", "NC", "276"),
          ("Atlanta", "GA", "303"), ("Savannah", "GA", "314"), ("Birmingham", "AL", "352"),
          ("Mobile", "AL", "366"), ("Omaha", "NE", "681"), ("Wichita", "KS", "672")]
AREA = {"TX": ["512", "713", "214", "210", "817"], "FL": ["813", "305", "407", "904", "850"],
        "LA": ["504", "225"], "OK": ["405", "918"], "CO": ["303", "719"], "NC": ["704", "919"],
        "GA": ["404", "912"], "AL": ["205", "251"], "NE": ["402"], "KS": ["316"]}
CARRIERS = ["State Farm", "Allstate", "USAA", "Liberty Mutual", "Farmers", "Nationwide",
            "Travelers", "American Family", "Progressive", "Chubb", "Citizens Property",
            "Universal Property", "Lone Star Mutual", "Texas Farm Bureau", "Heritage"]
LOSS = [("hail", 30), ("wind", 20), ("water", 15), ("hurricane", 10), ("fire", 6), ("flood", 6),
        ("mold", 4), ("theft", 3), ("vandalism", 3), ("other", 3)]
STATUS = [("new", 25), ("contacted", 20), ("qualified", 15), ("inspection_scheduled", 12),
          ("lor_signed", 10), ("lost", 18)]
TAGS = ["roof", "interior", "priority", "spanish", "referral", "commercial", "repeat",
        "needs-photos", "attorney", "supplement"]
DESCRIPTIONS = ["Hail damage to roof shingles and gutters after the spring storm.",
                "Wind lifted shingles; water came through the attic ceiling.",
                "Pipe burst under the kitchen sink, flooring and cabinets damaged.",
                "Hurricane damage: fence down, siding torn, window broken.",
                "Kitchen fire, smoke damage throughout the first floor.",
                "Mold found behind drywall after a slow leak.",
                "Tree fell on the garage during the storm."]
COLUMNS = ("id,firstName,lastName,email,phone,phoneType,phone2,phone2Type,preferredContact,"
           "addressLine1,addressLine2,city,state,postalCode,country,status,source,assignedTo,"
           "tags,legalHold,carrier,policyNumber,policyForm,claimNumber,dateOfLoss,dateReported,"
           "lossType,lossDescription,deductibleCents,paEstimateCents,carrierEstimateCents,"
           "settlementCents,feePercent,lorSignedAt,adjusterName,adjusterPhone,adjusterEmail,"
           "createdAt,updatedAt").split(",")


def weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def phone(area, n):
    # 555-01xx is reserved for fiction; a larger space keeps a million numbers unique: exchange
    # 2xx-9xx and line derived from n (distinct n, distinct number within an area code).
    exchange = 200 + (n // 10000) % 800
    line = n % 10000
    return f"({area}) {exchange:03d}-{line:04d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--assignees", default="", help="usernames to spread leads over")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    assignees = [a for a in args.assignees.split(",") if a]
    out = csv.writer(sys.stdout, lineterminator="\r\n")
    out.writerow(COLUMNS)
    for i in range(args.rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        city, state, zip3 = rng.choice(PLACES)
        area = rng.choice(AREA[state])
        loss = weighted(rng, LOSS)
        month, day = rng.randint(1, 10), rng.randint(1, 28)
        has_more = rng.random() < 0.35
        estimate = rng.randint(500, 90000) * 100
        row = {
            "firstName": first, "lastName": last,
            "email": f"{first.lower()}.{last.lower()}.{i}@example.com",
            "phone": phone(area, i), "phoneType": "mobile",
            "phone2": phone(rng.choice(AREA[state]), i + 3_000_000) if has_more else "",
            "phone2Type": "home" if has_more else "",
            "preferredContact": rng.choice(["phone", "email", "sms"]),
            "addressLine1": f"{rng.randint(100, 9999)} {rng.choice(STREETS)} {rng.choice(SUFFIX)}",
            "addressLine2": f"Apt {rng.randint(1, 40)}" if rng.random() < 0.1 else "",
            "city": city, "state": state, "postalCode": f"{zip3}{rng.randint(0, 99):02d}",
            "country": "US", "status": weighted(rng, STATUS),
            "source": rng.choice(["web", "phone", "referral", "door-knock", "ads"]),
            "assignedTo": rng.choice(assignees) if assignees else "",
            "tags": ";".join(rng.sample(TAGS, rng.randint(1, 3))) if has_more else "",
            "legalHold": "false", "carrier": rng.choice(CARRIERS),
            "policyNumber": f"P{rng.randint(10**7, 10**8 - 1)}",
            "policyForm": rng.choice(["HO-3", "HO-5", "DP-3", "HO-6"]),
            "claimNumber": f"CLM-{2026}-{i:07d}" if has_more else "",
            "dateOfLoss": f"2026-{month:02d}-{day:02d}",
            "dateReported": f"2026-{month:02d}-{min(day + rng.randint(0, 5), 28):02d}",
            "lossType": loss, "lossDescription": rng.choice(DESCRIPTIONS),
            "deductibleCents": str(rng.choice([100000, 250000, 500000, 1000000])),
            "paEstimateCents": str(estimate),
            "carrierEstimateCents": str(estimate * rng.randint(40, 100) // 100),
            "settlementCents": "", "feePercent": rng.choice(["10", "15", "20", "12.5"]),
            "lorSignedAt": "", "adjusterName": f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if has_more else "",
            "adjusterPhone": phone(rng.choice(AREA[state]), i + 6_000_000) if has_more else "",
            "adjusterEmail": "", "id": "", "createdAt": "", "updatedAt": "",
        }
        out.writerow([row[c] for c in COLUMNS])


if __name__ == "__main__":
    main()
