/// Words that never describe a product, whatever the store: function words, fillers, host chit-chat and calls to
/// action. Kept generic on purpose (no phrase bank of one data set): the catalog vocabulary does most of the
/// filtering, this list only removes words a catalog also happens to use ("follow", "like", "link", "today").
enum NoiseLexicon {
    static let english: Set<String> = Set("""
    a an the and or but so if then than that this these those there here it it's its is are was were be been being \
    am do does did done doing have has had having i i'm i've me my mine we we're our ours you you're your yours \
    he she they them their what which who whom whose when where why how all any both each few more most other some \
    such no nor not only own same too very can will just don't should now to of in on at by for with about as into \
    through from up down out off over under again further once also still yet even ever really actually literally \
    basically honestly seriously totally definitely absolutely um uh umm uhh er erm ah oh hmm mm okay ok alright \
    yeah yes yep nope hey hi hello welcome guys guy everyone everybody folks friends friend fam y'all ya gonna wanna \
    gotta kinda sorta like know mean right well look see check got get getting go going come coming let let's say \
    said tell told think thought want need love loving loved lol haha hahaha wow omg gosh god crazy insane amazing \
    awesome cool nice super thing things stuff something anything everything way ways lot lots bit little much \
    many one's thank thanks thx please follow following followers follower like likes liked subscribe subscribed \
    share shared sharing comment comments commented chat stream streaming streams live video videos channel link \
    links bio cart basket checkout click tap button hit smash drop bell notification notifications gift gifts \
    giveaway deal deals sale discount discounts coupon code promo today tonight tomorrow yesterday now hurry quick \
    quickly fast limited stock restock restocked left last chance grab order ordered orders buy buying bought ship \
    ships shipping shipped delivery free deliver next previous before after first second minute minutes seconds \
    hour hours day days week weeks time times moment wait waiting watch watching watched joined join joining \
    camera mic sound audio hear listen read reading asks asked ask question questions answer answered favorite \
    favourite best better good great perfect beautiful gorgeous obsessed game changer changer must have honestly \
    bestie besties babe darling dear happy glad excited tired sorry okay well done didn't doesn't isn't aren't can't \
    won't wasn't weren't i'll we'll you'll it'll that's what's there's here's who's would could might may shall \
    original genuine authentic real guaranteed worth price prices priced cost costs pay paying paid cheap cheaper \
    expensive bucks dollars dollar cents rupees rupee rs euros euro usd inr only just also okay focus guys tonight
    """.split(whereSeparator: { $0.isWhitespace }).map(String.init))

    /// Chinese fillers and live-commerce phrases (characters and common words).
    static let chinese: Set<String> = ["嗯", "啊", "呢", "吧", "哈", "哦", "呀", "啦", "嘛", "呃", "哎", "喔", "耶", "的", "了",
                                       "是", "我", "你", "们", "这", "那", "个", "就", "都", "也", "还", "很", "吗", "在", "有"]

    /// Currency words: a number right before one is a price, which the summary leaves out (live prices are deal prices).
    static let currency: Set<String> = ["dollars", "dollar", "bucks", "buck", "usd", "rupees", "rupee", "rs", "inr",
                                        "euros", "euro", "eur", "yuan", "rmb", "cents", "quid"]

    /// Spoken unit -> written unit, applied right after a number.
    static let units: [String: String] = [
        "gig": "gb", "gigs": "gb", "gigabyte": "gb", "gigabytes": "gb", "gb": "gb", "terabyte": "tb", "terabytes": "tb",
        "tera": "tb", "tb": "tb", "megabyte": "mb", "megabytes": "mb", "megs": "mb", "meg": "mb", "mb": "mb",
        "inch": "inch", "inches": "inch", "millimeter": "mm", "millimeters": "mm", "millimetre": "mm",
        "millimetres": "mm", "mm": "mm", "centimeter": "cm", "centimeters": "cm", "centimetre": "cm", "centimetres": "cm",
        "cm": "cm", "meter": "m", "meters": "m", "metre": "m", "metres": "m", "kilogram": "kg", "kilograms": "kg",
        "kilo": "kg", "kilos": "kg", "kg": "kg", "gram": "g", "grams": "g", "ounce": "oz", "ounces": "oz", "oz": "oz",
        "pound": "lb", "pounds": "lb", "lbs": "lb", "watt": "w", "watts": "w", "volt": "v", "volts": "v",
        "milliamp": "mah", "milliamps": "mah", "mah": "mah", "hertz": "hz", "hz": "hz", "percent": "%", "liter": "l",
        "liters": "l", "litre": "l", "litres": "l", "milliliter": "ml", "milliliters": "ml", "millilitre": "ml",
        "millilitres": "ml", "ml": "ml", "megapixel": "mp", "megapixels": "mp", "feet": "ft", "foot": "ft",
    ]

    /// Spoken letter names ASR writes for spelled model codes ("ex em four" = "xm4"); only used inside a code run.
    static let letterNames: [String: String] = [
        "ex": "x", "em": "m", "en": "n", "el": "l", "jay": "j", "kay": "k", "vee": "v", "zee": "z", "zed": "z",
        "dee": "d", "gee": "g", "bee": "b", "pee": "p", "cue": "q", "tee": "t", "ess": "s", "aitch": "h", "eff": "f",
    ]
}
