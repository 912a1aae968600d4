import Foundation

/// The envelope of a Varlink call, read before its parameters so that the method can decide
/// how to decode them.
public struct VarlinkCallHeader: Decodable, Sendable {
    public var method: String
    public var oneway: Bool?
    public var more: Bool?
    public var upgrade: Bool?
}

/// A call as received: the header plus the raw message, decoded again per method.
public struct VarlinkCall: Sendable {
    public let method: String
    public let oneway: Bool
    public let more: Bool
    public let message: Data

    /// The interface part of the method name ("org.diplomatd.Timeline" of "org.diplomatd.Timeline.Get").
    public var interface: String {
        guard let dot = method.lastIndex(of: ".") else { return "" }
        return String(method[..<dot])
    }

    /// The member part of the method name ("Get").
    public var member: String {
        guard let dot = method.lastIndex(of: ".") else { return method }
        return String(method[method.index(after: dot)...])
    }

    init(method: String, oneway: Bool, more: Bool, message: Data) {
        self.method = method
        self.oneway = oneway
        self.more = more
        self.message = message
    }

    /// Parses the envelope of one framed message, or throws the Varlink error to answer with.
    public init(message: Data) throws(VarlinkError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: message, options: [])
        } catch {
            throw VarlinkError.invalidParameter("message", reason: "the message is not valid JSON")
        }
        guard let dict = object as? [String: Any] else {
            throw VarlinkError.invalidParameter("message", reason: "a Varlink message must be a JSON object")
        }
        guard let method = dict["method"] as? String, !method.isEmpty else {
            throw VarlinkError.invalidParameter("method", reason: "a Varlink call needs a \"method\" string")
        }
        if let p = dict["parameters"], !(p is [String: Any]) {
            throw VarlinkError.invalidParameter("parameters", reason: "parameters must be a JSON object")
        }
        self.method = method
        self.oneway = dict["oneway"] as? Bool ?? false
        self.more = dict["more"] as? Bool ?? false
        self.message = message
    }

    struct Envelope<P: Decodable>: Decodable { var parameters: P? }

    /// Decodes the call's parameters into `P`. A missing or mistyped field becomes an
    /// `InvalidParameter` error naming it.
    public func parameters<P: Decodable>(_ type: P.Type = P.self) throws(VarlinkError) -> P {
        do {
            if let p = try JSONDecoder().decode(Envelope<P>.self, from: message).parameters { return p }
            return try JSONDecoder().decode(P.self, from: Data("{}".utf8))
        } catch let error as DecodingError {
            throw VarlinkError.from(error)
        } catch let error as VarlinkError {
            throw error
        } catch {
            throw VarlinkError.invalidParameter("parameters", reason: "\(error)")
        }
    }
}

/// A reply on the wire: parameters, or an error, and whether more replies follow.
public struct VarlinkReply<P: Encodable>: Encodable {
    public var parameters: P?
    public var continues: Bool?
    public var error: String?

    public init(parameters: P?, continues: Bool? = nil, error: String? = nil) {
        self.parameters = parameters
        self.continues = continues
        self.error = error
    }
}

/// A Varlink error: a fully qualified name and its parameters.
public struct VarlinkError: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var parameters: [String: JSONValue]

    public init(_ name: String, _ parameters: [String: JSONValue] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    public var description: String {
        let detail = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.text($0.value))" }.joined(separator: ", ")
        return detail.isEmpty ? name : "\(name) (\(detail))"
    }

    static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        default:
            let data = (try? JSONEncoder().encode(v)) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    public static func invalidParameter(_ parameter: String, reason: String? = nil) -> VarlinkError {
        var p: [String: JSONValue] = ["parameter": .string(parameter)]
        if let reason { p["reason"] = .string(reason) }
        return VarlinkError("org.varlink.service.InvalidParameter", p)
    }

    public static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError("org.varlink.service.MethodNotFound", ["method": .string(method)])
    }

    public static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError("org.varlink.service.InterfaceNotFound", ["interface": .string(interface)])
    }

    public static func expectedMore() -> VarlinkError { VarlinkError("org.varlink.service.ExpectedMore") }

    /// Turns a decoding failure into an `InvalidParameter` naming the field's path.
    public static func from(_ error: DecodingError) -> VarlinkError {
        func path(_ p: [any CodingKey]) -> String {
            let keys = p.filter { $0.stringValue != "parameters" }
            var out = ""
            for k in keys {
                if let i = k.intValue { out += "[\(i)]" } else { out += out.isEmpty ? k.stringValue : "." + k.stringValue }
            }
            return out.isEmpty ? "parameters" : out
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let p = path(ctx.codingPath + [key])
            return invalidParameter(p, reason: "is required")
        case .typeMismatch(let type, let ctx):
            return invalidParameter(path(ctx.codingPath), reason: "has the wrong type (expected \(type))")
        case .valueNotFound(_, let ctx):
            return invalidParameter(path(ctx.codingPath), reason: "must not be null")
        case .dataCorrupted(let ctx):
            return invalidParameter(path(ctx.codingPath), reason: ctx.debugDescription)
        @unknown default:
            return invalidParameter("parameters")
        }
    }
}
