@testable import Summarizer
import Retrieval

/// A small made-up catalog: enough products for IDF to tell product words from common ones.
enum ExtractiveFixtures {
    static let products: [(String, ProductText)] = [
        ("p1", ProductText(title: "Sony WH-1000XM4 Wireless Noise Cancelling Headphones - Black", brand: "Sony",
                           details: ["Over-ear headphones with 30 hour battery and touch controls"])),
        ("p2", ProductText(title: "Samsung Galaxy S21 Smartphone 256GB Phantom Grey", brand: "Samsung",
                           details: ["6.2 inch display, 8GB RAM, triple camera"])),
        ("p3", ProductText(title: "Cat Scratch Tree with Steps 100cm Grey", details: ["Natural sisal poles, plush platforms, assembly manual included"])),
        ("p4", ProductText(title: "Johnnie Walker Black Label Scotch Whisky 70cl", brand: "Johnnie Walker",
                           details: ["Blended Scotch whisky, 40% vol"])),
        ("p5", ProductText(title: "Anker PowerCore 10000 Portable Charger", brand: "Anker", details: ["Compact power bank with USB output"])),
        ("p6", ProductText(title: "Logitech MX Master 3 Wireless Mouse Graphite", brand: "Logitech", details: ["Ergonomic mouse with USB-C charging"])),
        ("p7", ProductText(title: "Nike Air Zoom Pegasus Running Shoes Men Black White", brand: "Nike", details: ["Breathable mesh upper"])),
        ("p8", ProductText(title: "小米 蓝牙 耳机 降噪 黑色", brand: "小米", details: ["无线 蓝牙 耳机 续航 30 小时"])),
        ("p9", ProductText(title: "华为 智能 手表 运动 心率 监测", brand: "华为", details: ["智能 手表 蓝牙 通话"])),
    ]

    static func vocabulary() -> ProductVocabulary {
        let v = ProductVocabulary()
        for (_, text) in products { v.add(text) }
        return v
    }
}
