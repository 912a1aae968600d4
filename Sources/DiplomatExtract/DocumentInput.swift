import DiplomatCore
import Foundation

/// Why a document cannot be read, naming it: binary data, empty text, a bad date or zone.
public enum DocumentInputError: Error, Equatable, CustomStringConvertible {
    case notText(String)
    case empty(String)
    case tooLarge(String, Int)
    case badPublished(String, String)
    case unknownTimeZone(String, String)

    public var description: String {
        switch self {
        case .notText(let n): return "\(n) is not UTF-8 text (binary data?); give a plain-text article"
        case .empty(let n): return "\(n) has no text"
        case .tooLarge(let n, let max): return "\(n) is larger than \(max / 1_000_000) MB; split it into articles"
        case .badPublished(let n, let v):
            return v.isEmpty ? "\(n) has no publication date; give --published YYYY-MM-DD" : "\(n): publication date '\(v)' is not a date such as 2021-04-01 or 2021-04-01T09:00"
        case .unknownTimeZone(let n, let z): return "\(n): unknown time zone '\(z)'; use an IANA name such as Asia/Seoul"
        }
    }
}

extension NewsDocument {
    public static let maximumBytes = 8_000_000

    /// A document from raw bytes as a file or a client gives them, checked before anything is
    /// extracted. `name` is only for messages.
    public static func read(_ data: Data, name: String, published: String, timeZone: String, id: String? = nil) throws(DocumentInputError) -> NewsDocument {
        guard data.count <= maximumBytes else { throw .tooLarge(name, maximumBytes) }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else { throw .notText(name) }
        return try make(text: text, name: name, published: published, timeZone: timeZone, id: id)
    }

    public static func make(text: String, name: String, published: String, timeZone: String, id: String? = nil) throws(DocumentInputError) -> NewsDocument {
        guard text.utf8.count <= maximumBytes else { throw .tooLarge(name, maximumBytes) }
        guard !text.unicodeScalars.contains(where: { $0.value == 0 }) else { throw .notText(name) }
        guard text.contains(where: { $0.isLetter }) else { throw .empty(name) }
        guard let zone = TimeZone(identifier: timeZone) else { throw .unknownTimeZone(name, timeZone) }
        guard let (date, second) = parsePublished(published) else { throw .badPublished(name, published) }
        return NewsDocument(id: id ?? contentID(text), text: text, published: date, publishedSecondOfDay: second, timeZone: zone)
    }

    /// "2021-04-01" or "2021-04-01T09:00": the day and, when given, the second of the day.
    public static func parsePublished(_ p: String) -> (CivilDate, Int?)? {
        let b = Array(p.utf8)
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count, r.allSatisfy({ b[$0] >= 48 && b[$0] <= 57 }) else { return nil }
            return r.reduce(0) { $0 * 10 + Int(b[$1] - 48) }
        }
        guard b.count == 10 || b.count == 16 || b.count == 19, let y = num(0..<4), b[4] == 45, let m = num(5..<7), b[7] == 45, let d = num(8..<10) else { return nil }
        let date = CivilDate(year: y, month: m, day: d)
        guard date.isValid, (1000...2999).contains(y) else { return nil }
        if b.count == 10 { return (date, nil) }
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), let h = num(11..<13), b[13] == 58, let mi = num(14..<16), h < 24, mi < 60 else { return nil }
        var s = 0
        if b.count == 19 { guard b[16] == 58, let sec = num(17..<19), sec < 60 else { return nil }; s = sec }
        return (date, h * 3600 + mi * 60 + s)
    }

    /// A stable id from the text alone, so the same article ingested twice is recognised.
    public static func contentID(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let hex = String(h, radix: 16)
        return "doc_" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
