"""Writes app/data/products.json from the product templates below.

The JSON file is the source of truth (it is committed and seeded); this script only made it
reproducible: `python -m app.recommendations.generate_catalog` rewrites it deterministically.
Brands are invented. Attributes are coherent by construction: each template states the sizes,
life stages, breeds and health conditions its product really suits.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "products.json"
CATALOG_VERSION = "2026-11-25.1"

DOG_BRANDS = ["Northfield Pet Nutrition", "Barkwell", "TrueTail", "Hearthside Pet", "Ridgeback Provisions"]
CAT_BRANDS = ["Whisker & Co", "Velvet Paw", "Purrfect Pantry", "Catamount Foods"]
GEAR_BRANDS = ["Trailhound Gear", "CozyDen", "PlayPack", "Groomsmith", "VitalPet Labs", "Mosspaw"]

ALL_DOG_SIZES = ["toy", "small", "medium", "large", "giant"]
ALL_AGES_DOG = ["puppy", "adult", "senior"]
ALL_AGES_CAT = ["kitten", "adult", "senior"]

# (name, category, species, description, sizes, ages, breeds, conditions, features, base_price, brands)
# sizes/ages/breeds/conditions: an empty list means "not restricted".
Template = tuple[str, str, str, str, list[str], list[str], list[str], list[str], dict[str, Any], float, list[str]]

SIZE_LABEL = {"toy": "Toy Breed", "small": "Small Breed", "medium": "Medium Breed", "large": "Large Breed", "giant": "Giant Breed"}


def _dog_food() -> list[Template]:
    t: list[Template] = []
    for group, sizes in (("Small & Toy Breed", ["toy", "small"]), ("Medium Breed", ["medium"]), ("Large & Giant Breed", ["large", "giant"])):
        t.append((f"{group} Puppy Formula", "food", "dog",
                  f"Complete puppy kibble for {group.lower()} puppies: DHA for brain development and calcium balanced for their growth rate.",
                  sizes, ["puppy"], [], [], {"type": "dry", "life_stage": "growth"}, 34.0, DOG_BRANDS[:3]))
        t.append((f"{group} Adult Recipe", "food", "dog",
                  f"Everyday chicken and brown rice kibble sized and portioned for {group.lower()} adult dogs.",
                  sizes, ["adult"], [], [], {"type": "dry"}, 42.0, DOG_BRANDS[:3]))
        t.append((f"{group} Senior 7+", "food", "dog",
                  f"Lower-calorie senior kibble for {group.lower()} dogs with glucosamine and antioxidants for ageing joints.",
                  sizes, ["senior"], [], ["arthritis", "obesity"], {"type": "dry", "joint_support": True}, 44.0, DOG_BRANDS[:2]))
    t += [
        ("Large Breed Puppy Joint Start", "food", "dog",
         "Controlled calcium and energy for large and giant puppies to grow at a steady pace, with glucosamine for developing hips.",
         ["large", "giant"], ["puppy"], [], ["hip dysplasia", "elbow dysplasia"], {"type": "dry", "joint_support": True}, 49.0, DOG_BRANDS[3:5]),
        ("Mobility Support Adult Formula", "food", "dog",
         "Joint-care kibble with green-lipped mussel, glucosamine, chondroitin and EPA for dogs with stiff or dysplastic joints.",
         ["medium", "large", "giant"], ["adult", "senior"], [], ["hip dysplasia", "elbow dysplasia", "arthritis"], {"type": "dry", "joint_support": True}, 58.0, DOG_BRANDS[:3]),
        ("Healthy Weight Recipe", "food", "dog",
         "High-fibre, reduced-fat kibble with L-carnitine that keeps dogs full while they lose weight.",
         [], ["adult", "senior"], [], ["obesity", "diabetes"], {"type": "dry", "weight_management": True}, 46.0, DOG_BRANDS[:4]),
        ("Sensitive Skin & Stomach Salmon", "food", "dog",
         "Single animal protein (salmon) with oatmeal and omega-3 for dogs with itchy skin or a delicate stomach.",
         [], ["adult", "senior"], [], ["skin allergies", "food allergies", "sensitive stomach"], {"type": "dry"}, 52.0, DOG_BRANDS[:4]),
        ("Hydrolysed Protein Hypoallergenic Diet", "food", "dog",
         "Hydrolysed soy protein diet that the immune system does not recognise, for dogs with food allergies.",
         [], ["adult", "senior"], [], ["food allergies", "skin allergies"], {"type": "dry"}, 74.0, DOG_BRANDS[3:5]),
        ("Kidney Care Renal Diet", "food", "dog",
         "Restricted phosphorus and moderate high-quality protein to support dogs with chronic kidney disease.",
         [], ["adult", "senior"], [], ["kidney disease"], {"type": "dry"}, 69.0, DOG_BRANDS[3:5]),
        ("Cardiac Support Formula", "food", "dog",
         "Taurine, L-carnitine and omega-3 with controlled sodium for dogs with heart disease or cardiomyopathy.",
         [], ["adult", "senior"], [], ["heart disease", "dilated cardiomyopathy"], {"type": "dry"}, 71.0, DOG_BRANDS[3:5]),
        ("Dental Crunch Kibble", "food", "dog",
         "Large, fibrous kibble that scrubs teeth as dogs chew, shown to reduce plaque and tartar build-up.",
         [], ["adult", "senior"], [], ["dental disease"], {"type": "dry"}, 47.0, DOG_BRANDS[:2]),
        ("Performance 30/20 Working Dog", "food", "dog",
         "30% protein and 20% fat for sporting, herding and working dogs with very high daily energy needs.",
         ["medium", "large"], ["adult"], [], [], {"type": "dry", "energy": ["high", "very_high"]}, 55.0, DOG_BRANDS[:3]),
        ("Gentle Digest Wet Food", "food", "dog",
         "Easily digestible chicken and pumpkin stew with prebiotic fibre for dogs with sensitive digestion.",
         [], ["adult", "senior"], [], ["sensitive stomach", "pancreatitis"], {"type": "wet"}, 28.0, DOG_BRANDS[:3]),
        ("Puppy Chicken Stew Cans", "food", "dog", "Soft wet food for weaning and growing puppies of every size.",
         [], ["puppy"], [], [], {"type": "wet", "life_stage": "growth"}, 26.0, DOG_BRANDS[:2]),
        ("Senior Tender Loaf Cans", "food", "dog", "Soft, easy-to-chew loaf for older dogs with worn or missing teeth.",
         [], ["senior"], [], ["dental disease"], {"type": "wet"}, 27.0, DOG_BRANDS[1:3]),
        ("Golden Retriever Adult Formula", "food", "dog",
         "Breed formula for Golden Retrievers with EPA and DHA for skin and coat, and controlled calories for joint health.",
         ["large"], ["adult"], ["Golden Retriever"], ["hip dysplasia", "skin allergies"], {"type": "dry", "joint_support": True}, 56.0, DOG_BRANDS[:1]),
        ("Labrador Retriever Adult Formula", "food", "dog",
         "Breed formula for Labradors: satiating fibre for a breed prone to weight gain, with glucosamine.",
         ["large"], ["adult"], ["Labrador Retriever"], ["obesity", "hip dysplasia"], {"type": "dry", "weight_management": True}, 56.0, DOG_BRANDS[:1]),
        ("German Shepherd Adult Formula", "food", "dog",
         "Breed formula with highly digestible proteins and joint support for German Shepherds.",
         ["large"], ["adult"], ["German Shepherd"], ["hip dysplasia", "sensitive stomach"], {"type": "dry", "joint_support": True}, 57.0, DOG_BRANDS[:1]),
        ("French Bulldog Adult Formula", "food", "dog",
         "Clover-shaped kibble easy for flat-faced dogs to pick up, with nutrients for sensitive skin.",
         ["small"], ["adult"], ["French Bulldog", "Pug", "Boston Terrier"], ["skin allergies", "brachycephalic airway syndrome"], {"type": "dry"}, 49.0, DOG_BRANDS[:1]),
        ("Dachshund Adult Formula", "food", "dog",
         "Portion-controlled formula for Dachshunds that keeps weight off a long back.",
         ["small"], ["adult"], ["Dachshund"], ["intervertebral disc disease", "obesity"], {"type": "dry", "weight_management": True}, 45.0, DOG_BRANDS[:1]),
        ("Yorkshire Terrier Adult Formula", "food", "dog",
         "Tiny kibble for Yorkshire Terriers with nutrients for a long silky coat and texture for dental care.",
         ["toy"], ["adult"], ["Yorkshire Terrier", "Maltese", "Shih-Tzu"], ["dental disease"], {"type": "dry", "coat": ["long"]}, 38.0, DOG_BRANDS[:1]),
        ("Chihuahua Adult Formula", "food", "dog",
         "Small, energy-dense kibble for Chihuahuas and other toy dogs with fast metabolisms and small mouths.",
         ["toy"], ["adult"], ["Chihuahua", "Pomeranian", "Toy Poodle"], ["dental disease"], {"type": "dry"}, 36.0, DOG_BRANDS[:1]),
        ("Giant Breed Adult Recipe", "food", "dog",
         "Formula for Great Danes, Mastiffs and other giants: heart-supporting taurine and joint-supporting glucosamine.",
         ["giant"], ["adult"], ["Great Dane", "Bernese Mountain Dog", "Saint Bernard", "Newfoundland"], ["hip dysplasia", "dilated cardiomyopathy", "bloat"], {"type": "dry", "joint_support": True}, 64.0, DOG_BRANDS[1:2]),
    ]
    return t


def _cat_food() -> list[Template]:
    return [
        ("Kitten Growth Formula", "food", "cat", "High-protein kitten kibble with DHA and colostrum for kittens up to 12 months.",
         [], ["kitten"], [], [], {"type": "dry", "life_stage": "growth"}, 29.0, CAT_BRANDS[:4]),
        ("Kitten Pate Cans", "food", "cat", "Smooth chicken pate for kittens from weaning, easy for small mouths.",
         [], ["kitten"], [], [], {"type": "wet", "life_stage": "growth"}, 22.0, CAT_BRANDS[:3]),
        ("Indoor Adult Recipe", "food", "cat", "Moderate-calorie kibble for indoor cats, with fibre to move swallowed hair through.",
         [], ["adult"], [], ["hairballs", "obesity"], {"type": "dry"}, 31.0, CAT_BRANDS[:4]),
        ("Adult Chicken & Rice", "food", "cat", "Everyday complete kibble for adult cats with taurine for heart and eyes.",
         [], ["adult"], [], [], {"type": "dry"}, 27.0, CAT_BRANDS[:4]),
        ("Hairball Control Formula", "food", "cat",
         "Natural fibre blend that helps swallowed hair pass, for long-haired cats and heavy groomers.",
         [], ["adult", "senior"], [], ["hairballs"], {"type": "dry", "coat": ["long"]}, 33.0, CAT_BRANDS[:4]),
        ("Weight Control Cat Formula", "food", "cat", "High-protein, low-fat kibble with L-carnitine for overweight cats.",
         [], ["adult", "senior"], [], ["obesity", "diabetes"], {"type": "dry", "weight_management": True}, 34.0, CAT_BRANDS[:3]),
        ("Urinary Care Formula", "food", "cat",
         "Controlled minerals and a urine pH that dissolves struvite crystals, for cats prone to urinary tract disease.",
         [], ["adult", "senior"], [], ["urinary tract disease", "bladder stones"], {"type": "dry"}, 39.0, CAT_BRANDS[:3]),
        ("Renal Support Cat Diet", "food", "cat", "Low-phosphorus diet that supports cats with chronic kidney disease.",
         [], ["adult", "senior"], [], ["kidney disease", "polycystic kidney disease"], {"type": "dry"}, 49.0, CAT_BRANDS[2:4]),
        ("Senior 11+ Formula", "food", "cat", "Easy-to-digest senior kibble with antioxidants and controlled phosphorus for kidney health.",
         [], ["senior"], [], ["kidney disease"], {"type": "dry"}, 35.0, CAT_BRANDS[:4]),
        ("Sensitive Stomach Turkey", "food", "cat", "Limited-ingredient turkey recipe with prebiotics for cats with sensitive digestion.",
         [], ["adult", "senior"], [], ["sensitive stomach", "food allergies", "inflammatory bowel disease"], {"type": "dry"}, 36.0, CAT_BRANDS[:3]),
        ("Dental Care Cat Kibble", "food", "cat", "Fibre-matrix kibble that cleans teeth as cats bite through it.",
         [], ["adult", "senior"], [], ["dental disease"], {"type": "dry"}, 33.0, CAT_BRANDS[:2]),
        ("Active Cat High Protein", "food", "cat", "Grain-free, 42% protein recipe for active, athletic cats.",
         [], ["adult"], [], [], {"type": "dry", "energy": ["high", "very_high"]}, 37.0, CAT_BRANDS[1:3]),
        ("Cardio Taurine Plus Cat Diet", "food", "cat", "Extra taurine and omega-3 for cats with hypertrophic cardiomyopathy.",
         [], ["adult", "senior"], [], ["hypertrophic cardiomyopathy", "heart disease"], {"type": "dry"}, 47.0, CAT_BRANDS[2:4]),
        ("Persian Adult Formula", "food", "cat", "Almond-shaped kibble easy for flat-faced Persians to grasp, with hairball control.",
         [], ["adult"], ["Persian"], ["hairballs", "polycystic kidney disease"], {"type": "dry", "coat": ["long"]}, 38.0, CAT_BRANDS[:1]),
        ("Maine Coon Adult Formula", "food", "cat", "Large kibble for big-jawed Maine Coons with joint and heart support.",
         [], ["adult"], ["Maine Coon", "Norwegian Forest Cat"], ["hypertrophic cardiomyopathy", "hip dysplasia", "hairballs"], {"type": "dry", "coat": ["long"], "joint_support": True}, 39.0, CAT_BRANDS[:1]),
        ("Siamese Adult Formula", "food", "cat", "Energy-rich formula for lean, active Siamese and Oriental cats.",
         [], ["adult"], ["Siamese"], ["dental disease"], {"type": "dry", "energy": ["high", "very_high"]}, 36.0, CAT_BRANDS[:1]),
        ("British Shorthair Adult Formula", "food", "cat", "Moderate-calorie formula for sturdy, easy-going British Shorthairs prone to weight gain.",
         [], ["adult"], ["British Shorthair"], ["obesity", "hypertrophic cardiomyopathy"], {"type": "dry", "weight_management": True}, 36.0, CAT_BRANDS[:1]),
        ("Senior Gravy Cans", "food", "cat", "Soft morsels in gravy for senior cats, extra moisture for kidney health.",
         [], ["senior"], [], ["kidney disease", "dental disease"], {"type": "wet"}, 24.0, CAT_BRANDS[1:3]),
        ("Adult Fish Pate Cans", "food", "cat", "High-moisture wet food that helps cats drink enough water.",
         [], ["adult"], [], ["urinary tract disease"], {"type": "wet"}, 21.0, CAT_BRANDS[:3]),
    ]


def _dog_gear() -> list[Template]:
    t: list[Template] = []
    for size in ALL_DOG_SIZES:
        label = SIZE_LABEL[size]
        t += [
            (f"Glucosamine & Chondroitin Joint Chews ({label})", "health", "dog",
             "Daily joint supplement with glucosamine, chondroitin and MSM that supports cartilage in dogs with hip or elbow dysplasia and arthritis.",
             [size], ["adult", "senior"], [], ["hip dysplasia", "elbow dysplasia", "arthritis", "patellar luxation"], {"joint_support": True}, 29.0, GEAR_BRANDS[4:5]),
            (f"Daily Dental Chews ({label})", "health", "dog",
             "Textured chews that scrub away plaque and tartar; VOHC-style daily dental care for dogs prone to dental disease.",
             [size], ["adult", "senior"], [], ["dental disease"], {}, 18.0, GEAR_BRANDS[4:6]),
            (f"No-Pull Padded Harness ({label})", "accessory", "dog",
             "Front-clip harness that spreads pressure over the chest instead of the throat: kind to flat-faced breeds and necks.",
             [size], [], [], ["brachycephalic airway syndrome", "collapsing trachea", "intervertebral disc disease"], {}, 32.0, GEAR_BRANDS[0:1]),
            (f"Orthopedic Memory Foam Bed ({label})", "accessory", "dog",
             "Thick memory-foam bed that relieves pressure points for dogs with arthritis, hip dysplasia or old joints.",
             [size], ["adult", "senior"], [], ["arthritis", "hip dysplasia", "elbow dysplasia"], {"joint_support": True}, 79.0, GEAR_BRANDS[1:2]),
            (f"Flea & Tick Spot-On ({label})", "health", "dog", "Monthly topical treatment that kills fleas and ticks, dosed by body weight.",
             [size], ["adult", "senior"], [], ["fleas", "flea allergy dermatitis"], {}, 24.0, GEAR_BRANDS[4:5]),
            (f"Reflective Nylon Collar ({label})", "accessory", "dog", "Adjustable reflective collar with a quick-release buckle and ID ring.",
             [size], [], [], [], {}, 12.0, GEAR_BRANDS[0:1]),
        ]
    for group, sizes in (("Small", ["toy", "small"]), ("Large", ["medium", "large", "giant"])):
        t += [
            (f"Slow Feeder Bowl ({group})", "accessory", "dog",
             "Maze bowl that slows fast eaters fivefold, reducing gulped air (a bloat risk) and helping weight control.",
             sizes, [], [], ["bloat", "obesity"], {}, 16.0, GEAR_BRANDS[2:3]),
            (f"Puzzle Treat Feeder ({group})", "toy", "dog",
             "Slide-and-lift puzzle that turns mealtime into brain work for smart, high-energy or anxious dogs.",
             sizes, ["puppy", "adult", "senior"], [], ["anxiety", "obesity"], {"energy": ["high", "very_high"]}, 21.0, GEAR_BRANDS[2:3]),
            (f"Rubber Chew Toy ({group})", "toy", "dog", "Durable natural-rubber chew that can be stuffed with food; chewing keeps teeth clean.",
             sizes, ["adult"], [], ["dental disease"], {"energy": ["moderate", "high", "very_high"]}, 14.0, GEAR_BRANDS[2:3]),
            (f"Plush Squeaky Toy Set ({group})", "toy", "dog", "Three soft squeaky plush toys for gentle chewers and indoor play.",
             sizes, [], [], [], {"energy": ["low", "moderate"]}, 15.0, GEAR_BRANDS[2:3]),
            (f"Stairs & Ramp ({group})", "accessory", "dog",
             "Non-slip ramp onto sofas, beds and car seats that spares backs and joints from jumping.",
             sizes, ["adult", "senior"], [], ["intervertebral disc disease", "arthritis", "hip dysplasia"], {}, 59.0, GEAR_BRANDS[1:2]),
        ]
    t += [
        ("Puppy Teething Ring", "toy", "dog", "Soft, freezable rubber ring that soothes sore gums while puppy teeth come through.",
         [], ["puppy"], [], [], {}, 9.0, GEAR_BRANDS[2:3]),
        ("Puppy Training Treats", "food", "dog", "Tiny soft low-calorie training treats for puppy classes and house training.",
         [], ["puppy"], [], [], {"type": "treat"}, 8.0, DOG_BRANDS[:2]),
        ("Extreme Power Chewer Bone", "toy", "dog", "Nylon bone for strong jaws and dogs that destroy ordinary toys.",
         ["medium", "large", "giant"], ["adult"], [], ["dental disease"], {"energy": ["high", "very_high"]}, 17.0, GEAR_BRANDS[2:3]),
        ("Ball Launcher & Fetch Balls", "toy", "dog", "Throwing stick with three high-bounce balls for dogs that need to run every day.",
         ["medium", "large", "giant"], ["adult"], [], [], {"energy": ["high", "very_high"]}, 19.0, GEAR_BRANDS[2:3]),
        ("Tug Rope Toy", "toy", "dog", "Braided cotton rope for tug and fetch; the fibres floss teeth as dogs chew.",
         [], ["puppy", "adult"], [], [], {"energy": ["moderate", "high", "very_high"]}, 11.0, GEAR_BRANDS[2:3]),
        ("Soft Senior Chew Toy", "toy", "dog", "Gentle, pliable toy for older dogs with sensitive teeth.",
         [], ["senior"], [], ["dental disease"], {"energy": ["low", "moderate"]}, 12.0, GEAR_BRANDS[2:3]),
        ("Snuffle Mat", "toy", "dog", "Fleece foraging mat that calms anxious dogs and slows eating.",
         [], [], [], ["anxiety"], {}, 24.0, GEAR_BRANDS[2:3]),
        ("Cooling Gel Mat", "accessory", "dog", "Pressure-activated cooling mat for flat-faced and heavy-coated dogs on hot days.",
         [], [], [], ["brachycephalic airway syndrome", "heat intolerance"], {"coat": ["double"]}, 35.0, GEAR_BRANDS[1:2]),
        ("Insulated Dog Sweater", "accessory", "dog", "Knitted sweater for small, short-coated dogs that feel the cold.",
         ["toy", "small"], [], [], [], {"coat": ["short", "hairless"]}, 22.0, GEAR_BRANDS[0:1]),
        ("Waterproof Dog Raincoat", "accessory", "dog", "Reflective raincoat that keeps coats dry on walks.",
         ["small", "medium", "large"], [], [], [], {}, 29.0, GEAR_BRANDS[0:1]),
        ("GPS Activity Tracker", "accessory", "dog", "Collar tracker with live GPS and daily activity goals for active dogs and escape artists.",
         ["medium", "large", "giant"], ["adult"], [], ["obesity"], {"energy": ["high", "very_high"]}, 99.0, GEAR_BRANDS[0:1]),
        ("Hands-Free Running Leash", "accessory", "dog", "Bungee leash with a waist belt for running with high-energy dogs.",
         ["medium", "large"], ["adult"], [], [], {"energy": ["high", "very_high"]}, 27.0, GEAR_BRANDS[0:1]),
        ("Travel Crate", "accessory", "dog", "Foldable wire crate with divider for crate training and travel.",
         [], ["puppy", "adult"], [], ["anxiety"], {}, 69.0, GEAR_BRANDS[1:2]),
        ("Elevated Feeder for Giant Breeds", "accessory", "dog", "Raised bowls at elbow height for tall dogs with stiff necks or joints.",
         ["giant"], ["adult", "senior"], [], ["arthritis"], {}, 45.0, GEAR_BRANDS[1:2]),
        ("Omega-3 Fish Oil for Dogs", "health", "dog",
         "Wild fish oil with EPA and DHA for itchy skin, a dull coat, stiff joints and heart health.",
         [], ["adult", "senior"], [], ["skin allergies", "dry skin", "arthritis", "heart disease"], {}, 26.0, GEAR_BRANDS[4:5]),
        ("Probiotic Digestive Powder for Dogs", "health", "dog", "Five probiotic strains and pumpkin fibre that firm up stools and calm sensitive stomachs.",
         [], [], [], ["sensitive stomach", "diarrhea", "inflammatory bowel disease"], {}, 23.0, GEAR_BRANDS[4:5]),
        ("Calming Chews with L-Theanine", "health", "dog", "Calming chews for dogs anxious about storms, travel or being alone.",
         [], ["adult", "senior"], [], ["anxiety"], {}, 21.0, GEAR_BRANDS[4:5]),
        ("Ear Cleaning Solution", "health", "dog", "Gentle drying ear cleanser for floppy-eared and swimming dogs prone to ear infections.",
         [], [], [], ["ear infections"], {}, 13.0, GEAR_BRANDS[4:5]),
        ("Tear Stain & Eye Wipes", "health", "dog", "Saline eye wipes that clear discharge and tear stains around prominent eyes.",
         ["toy", "small"], [], [], ["eye problems", "tear staining"], {}, 11.0, GEAR_BRANDS[4:5]),
        ("Eye Health Antioxidant Chews", "health", "dog", "Lutein, zeaxanthin and bilberry supplement supporting ageing eyes and retinas.",
         [], ["adult", "senior"], [], ["cataracts", "progressive retinal atrophy", "eye problems"], {}, 27.0, GEAR_BRANDS[4:5]),
        ("Senior Cognitive Support", "health", "dog", "MCT oil and antioxidants that support memory and sleep in older dogs.",
         [], ["senior"], [], ["cognitive dysfunction"], {}, 31.0, GEAR_BRANDS[4:5]),
        ("Puppy Multivitamin", "health", "dog", "Chewable multivitamin with DHA and vitamin D for growing puppies.",
         [], ["puppy"], [], [], {}, 17.0, GEAR_BRANDS[4:5]),
        ("Senior Multivitamin", "health", "dog", "Daily multivitamin with glucosamine and antioxidants for dogs over seven.",
         [], ["senior"], [], ["arthritis"], {"joint_support": True}, 22.0, GEAR_BRANDS[4:5]),
        ("Dental Water Additive", "health", "dog", "Tasteless water additive that reduces plaque bacteria and bad breath.",
         [], ["adult", "senior"], [], ["dental disease"], {}, 15.0, GEAR_BRANDS[4:5]),
        ("Cardio Taurine & L-Carnitine for Dogs", "health", "dog", "Heart-support supplement for breeds prone to dilated cardiomyopathy.",
         ["medium", "large", "giant"], ["adult", "senior"], [], ["dilated cardiomyopathy", "heart disease"], {}, 34.0, GEAR_BRANDS[4:5]),
        ("Kidney Support Powder for Dogs", "health", "dog", "Phosphate binder and antioxidants for dogs with kidney disease.",
         [], ["adult", "senior"], [], ["kidney disease"], {}, 29.0, GEAR_BRANDS[4:5]),
        ("Deshedding Undercoat Tool", "grooming", "dog", "Stainless undercoat rake that removes loose hair from double coats during shedding season.",
         ["medium", "large", "giant"], [], [], [], {"coat": ["double", "long"], "grooming": ["moderate", "high"]}, 34.0, GEAR_BRANDS[3:4]),
        ("Self-Cleaning Slicker Brush", "grooming", "dog", "Fine-pin slicker brush that detangles long, curly and silky coats.",
         [], [], [], [], {"coat": ["long", "curly", "silky"], "grooming": ["high"]}, 18.0, GEAR_BRANDS[3:4]),
        ("Bristle Brush for Short Coats", "grooming", "dog", "Natural bristle brush that spreads skin oils through short, smooth coats.",
         [], [], [], [], {"coat": ["short"], "grooming": ["low", "moderate"]}, 13.0, GEAR_BRANDS[3:4]),
        ("Oatmeal & Aloe Soothing Shampoo", "grooming", "dog", "Soap-free colloidal oatmeal shampoo for itchy, allergic or dry skin.",
         [], [], [], ["skin allergies", "dry skin", "atopic dermatitis"], {}, 15.0, GEAR_BRANDS[3:4]),
        ("Chlorhexidine Medicated Shampoo", "grooming", "dog", "Antiseptic shampoo for hot spots and skin-fold infections.",
         [], ["adult", "senior"], [], ["skin infections", "skin fold dermatitis"], {}, 19.0, GEAR_BRANDS[3:4]),
        ("Skin Fold Wrinkle Wipes", "grooming", "dog", "Cleansing wipes for facial folds of Bulldogs, Pugs and Shar-Pei.",
         [], [], ["Bulldog", "French Bulldog", "Pug", "Shar-Pei", "Boxer"], ["skin fold dermatitis", "brachycephalic airway syndrome"], {}, 12.0, GEAR_BRANDS[3:4]),
        ("Detangling Conditioner Spray", "grooming", "dog", "Leave-in spray that loosens mats in long and silky coats between grooms.",
         [], [], [], [], {"coat": ["long", "silky", "curly"], "grooming": ["high"]}, 14.0, GEAR_BRANDS[3:4]),
        ("Nail Grinder", "grooming", "dog", "Quiet rechargeable nail grinder for dogs nervous about clippers.",
         [], [], [], [], {}, 29.0, GEAR_BRANDS[3:4]),
        ("Dog Toothbrush & Enzymatic Toothpaste Kit", "grooming", "dog", "Finger and dual-head brushes with poultry enzymatic toothpaste.",
         [], [], [], ["dental disease"], {}, 12.0, GEAR_BRANDS[3:4]),
        ("Paw & Nose Balm", "grooming", "dog", "Shea and beeswax balm for cracked pads and dry noses.",
         [], [], [], ["dry skin"], {}, 10.0, GEAR_BRANDS[3:4]),
        ("Puppy Tearless Shampoo", "grooming", "dog", "Mild tear-free shampoo for a puppy's first baths.",
         [], ["puppy"], [], [], {}, 11.0, GEAR_BRANDS[3:4]),
    ]
    return t


def _cat_gear() -> list[Template]:
    return [
        ("Feather Wand Teaser", "toy", "cat", "Telescopic wand with feathers and bells that brings out the hunter in active cats.",
         [], [], [], ["obesity"], {"energy": ["moderate", "high", "very_high"]}, 9.0, GEAR_BRANDS[2:3]),
        ("Catnip Mice (6 pack)", "toy", "cat", "Organic catnip-filled felt mice for solo play.", [], ["adult", "senior"], [], [], {}, 7.0, GEAR_BRANDS[2:3]),
        ("Kitten Ball Track Tower", "toy", "cat", "Three-level ball track that keeps kittens busy and builds coordination.",
         [], ["kitten"], [], [], {"energy": ["high", "very_high"]}, 16.0, GEAR_BRANDS[2:3]),
        ("Automatic Laser Toy", "toy", "cat", "Random-pattern laser that exercises indoor and overweight cats.",
         [], ["adult"], [], ["obesity"], {"energy": ["high", "very_high"]}, 24.0, GEAR_BRANDS[2:3]),
        ("Treat Puzzle Ball for Cats", "toy", "cat", "Rolling treat dispenser that makes cats work for kibble, slowing eating.",
         [], ["adult", "senior"], [], ["obesity", "anxiety"], {}, 12.0, GEAR_BRANDS[2:3]),
        ("Crinkle Play Tunnel", "toy", "cat", "Collapsible three-way tunnel for hide-and-pounce games.",
         [], ["kitten", "adult"], [], [], {"energy": ["moderate", "high", "very_high"]}, 19.0, GEAR_BRANDS[2:3]),
        ("Kicker Toy with Valerian", "toy", "cat", "Long plush kicker for bunny-kick play, filled with valerian root.", [], [], [], [], {}, 10.0, GEAR_BRANDS[2:3]),
        ("Dental Chew Toy for Cats", "toy", "cat", "Textured silicone chew that massages gums and rubs away plaque.",
         [], ["adult", "senior"], [], ["dental disease"], {}, 8.0, GEAR_BRANDS[2:3]),
        ("Sisal Scratching Post", "accessory", "cat", "Tall, heavy-based sisal post that saves furniture.", [], [], [], [], {}, 29.0, GEAR_BRANDS[1:2]),
        ("Multi-Level Cat Tree", "accessory", "cat", "Five-level tree with perches, hideaway and scratch posts for climbers.",
         [], ["kitten", "adult"], [], [], {"energy": ["high", "very_high"]}, 89.0, GEAR_BRANDS[1:2]),
        ("Low-Entry Senior Litter Box", "accessory", "cat", "Litter box with a 7 cm entry for stiff senior cats.",
         [], ["senior"], [], ["arthritis"], {}, 27.0, GEAR_BRANDS[1:2]),
        ("Covered Litter Box", "accessory", "cat", "Hooded litter box with carbon filter and swing door.", [], ["kitten", "adult"], [], [], {}, 34.0, GEAR_BRANDS[1:2]),
        ("Ceramic Water Fountain", "accessory", "cat", "Filtered flowing-water fountain that encourages drinking, protecting kidneys and bladder.",
         [], [], [], ["kidney disease", "urinary tract disease", "bladder stones"], {}, 44.0, GEAR_BRANDS[1:2]),
        ("Self-Warming Cat Bed", "accessory", "cat", "Thermal-lined bed that reflects body heat: comfort for senior and arthritic cats.",
         [], ["senior"], [], ["arthritis"], {}, 31.0, GEAR_BRANDS[1:2]),
        ("Window Perch Hammock", "accessory", "cat", "Suction-cup window hammock for indoor bird watching.", [], [], [], [], {}, 26.0, GEAR_BRANDS[1:2]),
        ("Airline-Approved Soft Carrier", "accessory", "cat", "Ventilated soft carrier for vet visits and travel.", [], [], [], ["anxiety"], {}, 39.0, GEAR_BRANDS[0:1]),
        ("Breakaway Cat Collar", "accessory", "cat", "Safety collar that releases if caught, with bell and ID tag.", [], [], [], [], {}, 8.0, GEAR_BRANDS[0:1]),
        ("Cat Harness & Leash Set", "accessory", "cat", "Escape-proof vest harness for leash-trained, curious cats.",
         [], ["adult"], [], [], {"energy": ["high", "very_high"]}, 19.0, GEAR_BRANDS[0:1]),
        ("Slow Feeder Cat Dish", "accessory", "cat", "Shallow maze dish that prevents gulping and vomiting.", [], [], [], ["obesity", "sensitive stomach"], {}, 13.0, GEAR_BRANDS[1:2]),
        ("Hairball Relief Gel", "health", "cat", "Malt-flavoured lubricant gel that helps hairballs pass in long-haired cats.",
         [], ["adult", "senior"], [], ["hairballs"], {"coat": ["long"]}, 11.0, GEAR_BRANDS[4:5]),
        ("Hairball Control Treats", "health", "cat", "Crunchy fibre treats that reduce hairballs in heavy shedders.",
         [], ["adult", "senior"], [], ["hairballs"], {"coat": ["long"]}, 7.0, GEAR_BRANDS[4:5]),
        ("Cranberry Urinary Tract Supplement", "health", "cat", "Cranberry, D-mannose and glucosamine for bladder lining health.",
         [], ["adult", "senior"], [], ["urinary tract disease", "bladder stones"], {}, 19.0, GEAR_BRANDS[4:5]),
        ("Feline Joint Support Powder", "health", "cat", "Glucosamine and green-lipped mussel powder for stiff or arthritic cats.",
         [], ["adult", "senior"], [], ["arthritis", "hip dysplasia", "patellar luxation"], {"joint_support": True}, 23.0, GEAR_BRANDS[4:5]),
        ("Kidney Support Supplement for Cats", "health", "cat", "Phosphate binder with chitosan for cats with kidney disease.",
         [], ["adult", "senior"], [], ["kidney disease", "polycystic kidney disease"], {}, 27.0, GEAR_BRANDS[4:5]),
        ("L-Lysine Immune Chews for Cats", "health", "cat", "Lysine chews that support cats prone to upper respiratory infections.",
         [], [], [], ["upper respiratory infections", "eye problems"], {}, 14.0, GEAR_BRANDS[4:5]),
        ("Feline Probiotic Sprinkles", "health", "cat", "Probiotic powder for cats with soft stools or sensitive stomachs.",
         [], [], [], ["sensitive stomach", "diarrhea", "inflammatory bowel disease"], {}, 18.0, GEAR_BRANDS[4:5]),
        ("Calming Pheromone Diffuser", "health", "cat", "Plug-in diffuser releasing calming feline facial pheromones.", [], [], [], ["anxiety"], {}, 29.0, GEAR_BRANDS[4:5]),
        ("Cat Dental Treats", "health", "cat", "Crunchy treats that clean teeth and freshen breath.", [], ["adult", "senior"], [], ["dental disease"], {}, 6.0, GEAR_BRANDS[4:5]),
        ("Cat Flea & Tick Spot-On", "health", "cat", "Monthly spot-on that kills fleas, flea eggs and ticks.", [], ["adult", "senior"], [], ["fleas", "flea allergy dermatitis"], {}, 22.0, GEAR_BRANDS[4:5]),
        ("Omega-3 Skin & Coat Oil for Cats", "health", "cat", "Fish oil pump for dry skin, dandruff and dull coats.",
         [], ["adult", "senior"], [], ["dry skin", "skin allergies", "arthritis"], {}, 17.0, GEAR_BRANDS[4:5]),
        ("Kitten Multivitamin Paste", "health", "cat", "Tasty vitamin paste for kittens and young cats.", [], ["kitten"], [], [], {}, 12.0, GEAR_BRANDS[4:5]),
        ("Long-Hair Steel Comb", "grooming", "cat", "Wide/narrow steel comb that removes mats and loose undercoat from long-haired cats.",
         [], [], [], ["hairballs"], {"coat": ["long"], "grooming": ["high"]}, 12.0, GEAR_BRANDS[3:4]),
        ("Cat Deshedding Brush", "grooming", "cat", "Fine-toothed deshedding edge that cuts shedding and hairballs in long and dense coats.",
         [], [], [], ["hairballs"], {"coat": ["long", "double"], "grooming": ["moderate", "high"]}, 21.0, GEAR_BRANDS[3:4]),
        ("Rubber Grooming Glove", "grooming", "cat", "Soft rubber glove that lifts loose hair from short coats while petting.",
         [], [], [], [], {"coat": ["short"], "grooming": ["low", "moderate"]}, 9.0, GEAR_BRANDS[3:4]),
        ("Waterless Foam Shampoo for Cats", "grooming", "cat", "Rinse-free foam for cats that hate baths.", [], [], [], [], {}, 13.0, GEAR_BRANDS[3:4]),
        ("Hairless Cat Skin Care Wipes", "grooming", "cat", "Gentle wipes that remove oil build-up from hairless cats' skin.",
         [], [], ["Sphynx", "Peterbald"], ["skin infections"], {"coat": ["hairless"], "grooming": ["high"]}, 12.0, GEAR_BRANDS[3:4]),
        ("Cat Nail Clippers", "grooming", "cat", "Scissor clippers with a safety guard sized for cat claws.", [], [], [], [], {}, 8.0, GEAR_BRANDS[3:4]),
        ("Cat Toothbrush Kit", "grooming", "cat", "Finger brush and fish-flavoured enzymatic toothpaste.", [], [], [], ["dental disease"], {}, 10.0, GEAR_BRANDS[3:4]),
        ("Flat-Face Eye Cleaning Wipes", "grooming", "cat", "Wipes for tear staining around the eyes of Persians and other flat-faced cats.",
         [], [], ["Persian", "Himalayan", "Exotic Shorthair"], ["eye problems", "tear staining"], {}, 9.0, GEAR_BRANDS[3:4]),
    ]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")


def build_catalog() -> list[dict[str, Any]]:
    rng = random.Random(20261125)
    products: list[dict[str, Any]] = []
    for name, category, species, description, sizes, ages, breeds, conditions, features, price, brands in (
        _dog_food() + _cat_food() + _dog_gear() + _cat_gear()
    ):
        for brand in brands:
            brand_code = "".join(word[0] for word in brand.replace("&", "").split())
            sku = f"{species.upper()}-{category.upper()}-{_slug(name)}-{brand_code}"
            products.append(
                {
                    "sku": sku,
                    "name": f"{brand} {name}",
                    "category": category,
                    "brand": brand,
                    "description": description,
                    "features": features,
                    "suitable_for": {"species": [species], "sizes": sizes, "ages": ages, "breeds": breeds, "conditions": conditions},
                    "price": round(price * rng.uniform(0.85, 1.2), 2),
                    "image_url": None,
                    "popularity": rng.randint(5, 100),
                    "is_active": True,
                }
            )
    skus = [p["sku"] for p in products]
    if len(skus) != len(set(skus)):
        raise ValueError("duplicate sku in catalog templates")
    return products


def main() -> None:
    products = build_catalog()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"version": CATALOG_VERSION, "products": products}, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
