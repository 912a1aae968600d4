import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One reply as received by a client: its raw JSON (for printing as is) and its envelope.
public struct VarlinkReceivedReply: Sendable {
    public let json: Data
    public let continues: Bool
    public let error: VarlinkError?

    /// The envelope without its parameters, which are decoded only when asked for.
    struct Envelope: Decodable {
        var continues: Bool?
        var error: String?
    }
    struct Typed<P: Decodable>: Decodable { var parameters: P }
    struct Generic: Decodable { var parameters: JSONValue? }

    /// Where the parameters are in `json`, when a scan of the top level found them.
    let parametersRange: Range<Int>?

    init(json: Data) throws {
        self.json = json
        // A reply can be large (a hundred events); its envelope is read by a scan of the top
        // level, and the parameters are decoded only when asked for, or passed through.
        if let members = TopLevelMembers(Array(json)) {
            parametersRange = members.ranges["parameters"]
            continues = members.ranges["continues"].map { json[$0.lowerBound + json.startIndex..<$0.upperBound + json.startIndex].elementsEqual("true".utf8) } ?? false
            if let r = members.ranges["error"] {
                let name = try JSONDecoder().decode(String.self, from: json.subdata(in: r.lowerBound + json.startIndex..<r.upperBound + json.startIndex))
                var params: [String: JSONValue] = [:]
                if case .object(let o)? = try JSONDecoder().decode(Generic.self, from: json).parameters { params = o }
                error = VarlinkError(name, params)
            } else {
                error = nil
            }
            return
        }
        parametersRange = nil
        let e = try JSONDecoder().decode(Envelope.self, from: json)
        continues = e.continues ?? false
        if let name = e.error {
            var params: [String: JSONValue] = [:]
            if case .object(let o)? = try JSONDecoder().decode(Generic.self, from: json).parameters { params = o }
            error = VarlinkError(name, params)
        } else {
            error = nil
        }
    }

    /// The reply's parameters as the JSON text the service sent, for passing them on unchanged.
    public var rawParameters: Data? {
        parametersRange.map { json.subdata(in: $0.lowerBound + json.startIndex..<$0.upperBound + json.startIndex) }
    }

    /// The reply's parameters decoded as `P`.
    public func decode<P: Decodable>(_ type: P.Type = P.self) throws -> P {
        if let raw = rawParameters { return try JSONDecoder().decode(P.self, from: raw) }
        return try JSONDecoder().decode(Typed<P>.self, from: json).parameters
    }

    /// The reply's parameters as a generic JSON value.
    public var parameters: JSONValue {
        ((try? JSONDecoder().decode(Generic.self, from: json))?.parameters) ?? .object([:])
    }
}

/// Why a client could not talk to a service.
public enum VarlinkClientError: Error, CustomStringConvertible {
    case cannotConnect(path: String, errno: Int32)
    case pathTooLong(String)
    case connectionClosed
    case io(errno: Int32)
    case malformedReply(String)
    case messageTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .cannotConnect(let path, let e): return "cannot connect to \(path): \(String(cString: strerror(e)))"
        case .pathTooLong(let p): return "socket path is too long for a Unix socket: \(p)"
        case .connectionClosed: return "the service closed the connection"
        case .io(let e): return "socket error: \(String(cString: strerror(e)))"
        case .malformedReply(let why): return "the service sent a malformed reply: \(why)"
        case .messageTooLarge(let limit): return "the service sent a reply over \(limit) bytes"
        }
    }

    /// True when nothing is listening at the path (no daemon running).
    public var isNotRunning: Bool {
        if case .cannotConnect(_, let e) = self { return e == ENOENT || e == ECONNREFUSED }
        return false
    }
}

/// A small blocking Varlink client over a Unix socket: what a command-line tool needs, with
/// no event loop to start.
public final class VarlinkClient {
    let fd: Int32
    var decoder = NULFrameDecoder(maxMessageSize: 256 << 20)
    /// Where replies are read into, kept between calls.
    var chunk = [UInt8](repeating: 0, count: 65_536)
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    public init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw VarlinkClientError.io(errno: errno) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else { close(fd); throw VarlinkClientError.pathTooLong(path) }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if rc != 0 {
            let e = errno
            close(fd)
            throw VarlinkClientError.cannotConnect(path: path, errno: e)
        }
    }

    deinit { close(fd) }

    struct Call<P: Encodable>: Encodable {
        var method: String
        var parameters: P
        var more: Bool?
        var oneway: Bool?
    }

    /// Sends a call without waiting for a reply.
    public func send<P: Encodable>(method: String, parameters: P, more: Bool = false, oneway: Bool = false) throws {
        var data = try Self.encoder.encode(Call(method: method, parameters: parameters, more: more ? true : nil, oneway: oneway ? true : nil))
        data.append(0)
        try writeAll(data)
    }

    /// Writes raw bytes (for tests of the framing).
    public func writeAll(_ data: Data) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw VarlinkClientError.io(errno: errno)
                }
                offset += n
            }
        }
    }

    /// Reads the next reply.
    public func receive() throws -> VarlinkReceivedReply {
        let frame = try receiveFrame()
        do { return try VarlinkReceivedReply(json: Data(frame)) } catch { throw VarlinkClientError.malformedReply("\(error)") }
    }

    /// Reads the next message as raw bytes, without decoding it.
    public func receiveFrame() throws -> [UInt8] {
        while true {
            do {
                if let frame = try decoder.next() { return frame }
            } catch {
                if case .messageTooLarge(let limit) = error { throw VarlinkClientError.messageTooLarge(limit: limit) }
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                throw VarlinkClientError.io(errno: errno)
            }
            if n == 0 { throw VarlinkClientError.connectionClosed }
            decoder.feed(chunk[0..<n])
        }
    }

    /// Calls a method and returns its single reply; a Varlink error reply is thrown.
    public func call<P: Encodable>(_ method: String, _ parameters: P) throws -> VarlinkReceivedReply {
        try send(method: method, parameters: parameters)
        let reply = try receive()
        if let error = reply.error { throw error }
        return reply
    }
}

/// The members of a JSON object's top level and where each value lies, found by skipping over
/// nested values without decoding them. Nil when the text is not a well-formed object.
struct TopLevelMembers {
    var ranges: [String: Range<Int>] = [:]

    init?(_ b: [UInt8]) {
        var i = 0
        func ws() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }
        /// Skips a string starting at its opening quote; false if it never closes.
        func string() -> Bool {
            i += 1
            while i < b.count {
                if b[i] == 0x5C { i += 2; continue }
                if b[i] == 0x22 { i += 1; return true }
                i += 1
            }
            return false
        }
        func value() -> Bool {
            guard i < b.count else { return false }
            switch b[i] {
            case 0x22: return string()
            case 0x7B, 0x5B:
                var depth = 0
                while i < b.count {
                    switch b[i] {
                    case 0x22: if !string() { return false }; continue
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D:
                        depth -= 1
                        if depth == 0 { i += 1; return true }
                    default: break
                    }
                    i += 1
                }
                return false
            default:
                let start = i
                while i < b.count, ![0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09].contains(b[i]) { i += 1 }
                return i > start
            }
        }
        ws()
        guard i < b.count, b[i] == 0x7B else { return nil }
        i += 1
        ws()
        if i < b.count, b[i] == 0x7D { return }
        while true {
            ws()
            guard i < b.count, b[i] == 0x22 else { return nil }
            let keyStart = i + 1
            guard string() else { return nil }
            let key = String(decoding: b[keyStart..<(i - 1)], as: UTF8.self)
            ws()
            guard i < b.count, b[i] == 0x3A else { return nil }
            i += 1
            ws()
            let start = i
            guard value() else { return nil }
            ranges[key] = start..<i
            ws()
            guard i < b.count else { return nil }
            if b[i] == 0x2C { i += 1; continue }
            if b[i] == 0x7D { return }
            return nil
        }
    }
}
