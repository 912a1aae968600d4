import DiplomatCore
import DiplomatStore
import Foundation

/// The seed documents shipped with diplomatd: for each `NAME.txt`, its publication metadata in
/// `NAME.meta.json`. Their events are extracted from the text; `NAME.events.json`, where
/// present, is the hand-checked timeline the tests hold the extractor to, never loaded here.
public struct SeedDirectory: Sendable {
    public var documents: [SeedDocument]


    struct Metadata: Decodable {
        var published: String
        var source: String?
        var timeZone: String
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case missingMetadata(String)
        case invalid(String, String)

        public var description: String {
            switch self {
            case .unreadable(let p, let why): return "cannot read the seeds directory \(p): \(why)"
            case .missingMetadata(let p): return "seed document \(p) has no metadata file beside it (expected \(p.replacingOccurrences(of: ".txt", with: ".meta.json")))"
            case .invalid(let p, let why): return "seed file \(p) is invalid: \(why)"
            }
        }
    }

    /// Reads every seed document in `path`, in name order.
    public static func load(_ path: String) throws -> SeedDirectory {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".txt") }.sorted()
        } catch {
            throw LoadError.unreadable(path, (error as NSError).localizedDescription)
        }
        var result = SeedDirectory(documents: [])
        for name in names {
            let base = String(name.dropLast(4))
            let textPath = path + "/" + name
            let metaPath = path + "/" + base + ".meta.json"
            guard let text = FileManager.default.contents(atPath: textPath).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw LoadError.unreadable(textPath, "cannot read the file")
            }
            guard let metaData = FileManager.default.contents(atPath: metaPath) else { throw LoadError.missingMetadata(textPath) }
            let meta: Metadata
            do { meta = try JSONDecoder().decode(Metadata.self, from: metaData) } catch { throw LoadError.invalid(metaPath, describe(error)) }
            guard TimeZone(identifier: meta.timeZone) != nil else { throw LoadError.invalid(metaPath, "unknown time zone \(meta.timeZone)") }
            let document = Document(id: base, published: meta.published, source: meta.source, timeZone: meta.timeZone, text: text)
            result.documents.append(SeedDocument(document: document, events: []))
        }
        return result
    }

    static func describe(_ error: any Error) -> String {
        if let d = error as? DecodingError {
            switch d {
            case .keyNotFound(let k, let c): return "missing \((c.codingPath + [k]).map(\.stringValue).joined(separator: "."))"
            case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
                return "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
            @unknown default: return "\(d)"
            }
        }
        return "\(error)"
    }
}
