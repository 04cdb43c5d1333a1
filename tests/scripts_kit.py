"""A kit in 22 languages across the scripts US communities read, with sample strings in each.

The strings are test data written for these tests (title, key message, call to action and one
paragraph of one message), not reviewed translations. Hmong, Karen and Dari have no CLDR locale:
the kit describes them in `[languages.TAG]` tables, as a kit publishing them would.
"""

from __future__ import annotations

from pathlib import Path

import polib
from helpers import make_kit

from outreach.i18n.update import update_catalogs
from outreach.kit.config import load_config

TITLE = "Care close to home for every family"
KEY_MESSAGE = "Your information stays private."
CALL = "Call {organization} at {phone}."
BODY = "Everyone in your family can get care close to home."

# tag: (title, key message, call to action, paragraph)
SAMPLES: dict[str, tuple[str, str, str, str]] = {
    "hi": ("हर परिवार के लिए घर के पास इलाज", "आपकी जानकारी गोपनीय रहती है।",
           "{organization} को {phone} पर कॉल करें।",
           "आपके परिवार के हर सदस्य को घर के पास इलाज मिल सकता है।"),
    "ne": ("हरेक परिवारका लागि घर नजिकै उपचार", "तपाईंको जानकारी गोप्य रहन्छ।",
           "{organization} लाई {phone} मा फोन गर्नुहोस्।",
           "तपाईंको परिवारका सबै सदस्यले घर नजिकै उपचार पाउन सक्छन्।"),
    "pa": ("ਹਰ ਪਰਿਵਾਰ ਲਈ ਘਰ ਦੇ ਨੇੜੇ ਇਲਾਜ", "ਤੁਹਾਡੀ ਜਾਣਕਾਰੀ ਗੁਪਤ ਰਹਿੰਦੀ ਹੈ।",
           "{organization} ਨੂੰ {phone} 'ਤੇ ਫ਼ੋਨ ਕਰੋ।",
           "ਤੁਹਾਡੇ ਪਰਿਵਾਰ ਦਾ ਹਰ ਮੈਂਬਰ ਘਰ ਦੇ ਨੇੜੇ ਇਲਾਜ ਲੈ ਸਕਦਾ ਹੈ।"),
    "bn": ("প্রতিটি পরিবারের জন্য বাড়ির কাছে চিকিৎসা", "আপনার তথ্য গোপন থাকে।",
           "{organization}-কে {phone} নম্বরে ফোন করুন।",
           "আপনার পরিবারের সবাই বাড়ির কাছে চিকিৎসা পেতে পারেন।"),
    "am": ("ለሁሉም ቤተሰብ ከቤት አቅራቢያ ህክምና", "መረጃዎ በሚስጥር ይጠበቃል።",
           "{organization}ን በ{phone} ይደውሉ።",
           "የቤተሰብዎ አባላት በሙሉ ከቤታቸው አቅራቢያ ህክምና ማግኘት ይችላሉ።"),
    "ti": ("ንኹሉ ስድራቤት ኣብ ጥቓ ገዛ ሕክምና", "ሓበሬታኹም ብምስጢር ይሕሎ።",
           "ናብ {organization} ብ{phone} ደውሉ።",
           "ኩሎም ኣባላት ስድራቤትኩም ኣብ ጥቓ ገዛኹም ሕክምና ክረኽቡ ይኽእሉ።"),
    "my": ("မိသားစုတိုင်းအတွက်အိမ်အနီးကဆေးကုသမှု", "သင့်အချက်အလက်များကိုလျှို့ဝှက်ထားပါသည်။",
           "{organization} ကို {phone} သို့ဖုန်းဆက်ပါ။",
           "သင့်မိသားစုဝင်အားလုံးသည်အိမ်အနီးတွင်ဆေးကုသမှုကိုရယူနိုင်ပါသည်။"),
    "kar": ("တၢ်အိၣ်ဆူၣ်အိၣ်ချ့လၢဟံၣ်ဖိဃီဖိကိးဖု", "နတၢ်ဂ့ၢ်တၢ်ကျိၤအိၣ်ခုသူၣ်",
            "ကိးဘၣ် {organization} လၢ {phone} တက့ၢ်",
            "နဟံၣ်ဖိဃီဖိခဲလၢာ်သ့ၣ်နှုၤဘၣ်တၢ်ကူစါယါဘျါလၢနဟံၣ်အကပၤ"),
    "km": ("ការថែទាំសុខភាពនៅជិតផ្ទះសម្រាប់គ្រប់គ្រួសារ", "ព័ត៌មានរបស់អ្នកត្រូវបានរក្សាជាការសម្ងាត់។",
           "ទូរស័ព្ទទៅ {organization} តាមលេខ {phone}។",
           "សមាជិកគ្រួសាររបស់អ្នកទាំងអស់អាចទទួលការថែទាំសុខភាពនៅជិតផ្ទះ។"),
    "lo": ("ການດູແລສຸຂະພາບໃກ້ບ້ານສຳລັບທຸກຄອບຄົວ", "ຂໍ້ມູນຂອງທ່ານຈະຖືກເກັບຮັກສາເປັນຄວາມລັບ.",
           "ໂທຫາ {organization} ທີ່ເບີ {phone}.",
           "ທຸກຄົນໃນຄອບຄົວຂອງທ່ານສາມາດໄປຫາທ່ານໝໍໄດ້ໃກ້ບ້ານ."),
    "th": ("การดูแลสุขภาพใกล้บ้านสำหรับทุกครอบครัว", "ข้อมูลของคุณจะถูกเก็บเป็นความลับ",
           "โทรหา {organization} ที่หมายเลข {phone}",
           "ทุกคนในครอบครัวของคุณสามารถรับการรักษาพยาบาลได้ใกล้บ้าน"),
    "hy": ("Խնամք տան մոտ յուրաքանչյուր ընտանիքի համար", "Ձեր տվյալները գաղտնի են մնում։",
           "Զանգահարեք {organization}-ին {phone} համարով։",
           "Ձեր ընտանիքի բոլոր անդամները կարող են բուժում ստանալ տանը մոտ։"),
    "ka": ("ზრუნვა სახლთან ახლოს ყველა ოჯახისთვის", "თქვენი ინფორმაცია კონფიდენციალურია.",
           "დაურეკეთ {organization}-ს ნომერზე {phone}.",
           "თქვენი ოჯახის ყველა წევრს შეუძლია მიიღოს მკურნალობა სახლთან ახლოს."),
    "he": ("טיפול קרוב לבית לכל משפחה", "המידע שלכם נשמר בסודיות.",
           "התקשרו אל {organization} בטלפון {phone}.",
           "כל בני המשפחה שלכם יכולים לקבל טיפול קרוב לבית."),
    "ur": ("ہر خاندان کے لیے گھر کے قریب علاج", "آپ کی معلومات راز میں رکھی جاتی ہیں۔",
           "{organization} کو {phone} پر فون کریں۔",
           "آپ کے خاندان کا ہر فرد گھر کے قریب علاج حاصل کر سکتا ہے۔"),
    "ps": ("د هرې کورنۍ لپاره د کور سره نږدې درملنه", "ستاسو معلومات پټ ساتل کیږي.",
           "{organization} ته په {phone} زنګ ووهئ.",
           "ستاسو د کورنۍ ټول غړي کولی شي د کور سره نږدې درملنه ترلاسه کړي."),
    "prs": ("تداوی نزدیک خانه برای هر خانواده", "معلومات شما محرم نگه داشته می‌شود.",
            "با {organization} به شماره {phone} تماس بگیرید.",
            "همه اعضای خانواده شما می‌توانند در نزدیکی خانه تداوی شوند."),
    "hmn": ("Kev kho mob ze tsev rau txhua tsev neeg",
            "Koj cov ntaub ntawv yuav raug khaws cia zais cia.",
            "Hu rau {organization} ntawm {phone}.",
            "Txhua tus neeg hauv koj tsev neeg tuaj yeem mus kho mob ze koj lub tsev."),
    "so": ("Daryeel u dhow guriga oo qoys kasta ah", "Macluumaadkaagu waa qarsoodi.",
           "Wac {organization} lambarka {phone}.",
           "Qof kasta oo qoyskaaga ka mid ah wuxuu daryeel ka heli karaa meel u dhow guriga."),
    "ht": ("Swen toupre lakay pou chak fanmi", "Enfòmasyon ou yo rete konfidansyèl.",
           "Rele {organization} nan {phone}.",
           "Tout moun nan fanmi ou ka jwenn swen toupre lakay yo."),
    "sw": ("Huduma karibu na nyumbani kwa kila familia", "Taarifa zako zinabaki kuwa siri.",
           "Piga simu kwa {organization} kupitia {phone}.",
           "Kila mtu katika familia yako anaweza kupata matibabu karibu na nyumbani."),
}
LANGUAGES = ("en", *SAMPLES)
RIGHT_TO_LEFT = ("he", "ur", "ps", "prs")

CONFIG = """\
[kit]
title = "Care for every family"
languages = [{languages}]

[organization]
name = "Riverside Family Health"
phone = "(555) 010-0199"

[languages.hmn]
name = "Hmoob"
english_name = "Hmong"
plural_forms = "nplurals=1; plural=0;"

[languages.kar]
name = "ကညီကျိာ်"
english_name = "S'gaw Karen"
script = "Mymr"
plural_forms = "nplurals=1; plural=0;"

[languages.prs]
name = "دری"
english_name = "Dari"
script = "Arab"
plural_forms = "nplurals=2; plural=(n > 1);"
"""


def make_scripts_kit(root: Path) -> Path:
    """The kit, its catalogs started by `outreach i18n update` and the samples filled in."""
    text = (f"---\ntitle: {TITLE}\nkey_message: {KEY_MESSAGE}\ncall_to_action: {CALL}\n"
            f"value: Health\n---\n{BODY}\n")
    make_kit(root, {"community/care": text},
             config=CONFIG.format(languages=", ".join(f'"{tag}"' for tag in LANGUAGES)))
    config = load_config(root)
    update_catalogs(config)
    for tag, strings in SAMPLES.items():
        path = config.catalog_path(config.language(tag))
        catalog = polib.pofile(str(path))
        translations = dict(zip((TITLE, KEY_MESSAGE, CALL, BODY), strings, strict=True))
        for entry in catalog:
            if entry.msgid in translations:
                entry.msgstr = translations[entry.msgid]
        catalog.save()
    return root
