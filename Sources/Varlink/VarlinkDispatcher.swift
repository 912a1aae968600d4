import Foundation

/// Where replies for one connection go (the socket server provides it).
public protocol VarlinkReplySink: Sendable {
    /// Writes one encoded message; the sink adds the NUL terminator.
    /// The message is consumed: a sink that must keep the bytes until the peer reads them
    /// keeps its own copy only.
    func write(_ message: consuming [UInt8]) async throws
    /// Returns once the peer has closed the connection.
    func peerClosed() async
    /// True once the peer has closed the connection: a reply could not reach it.
    var peerHasGone: Bool { get }
}

extension VarlinkReplySink {
    public var peerHasGone: Bool { false }
}

/// The credentials of the process at the other end of the socket (`SO_PEERCRED`).
public struct VarlinkPeer: Sendable, Hashable {
    public var pid: Int32?
    public var uid: UInt32?
    public var gid: UInt32?
    public init(pid: Int32? = nil, uid: UInt32? = nil, gid: UInt32? = nil) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }
}

/// A reply could not be written because the peer hung up (or the connection broke): not a
/// failure of the call, so it is not reported as one; the connection just ends.
public struct VarlinkPeerGone: Error, CustomStringConvertible {
    public let underlying: any Error
    public init(underlying: any Error) { self.underlying = underlying }
    public var description: String { "the client went away: \(underlying)" }
}

/// Answers one call: replies (several when the caller asked for `more`), or an error.
/// For a `oneway` call nothing is sent.
public struct VarlinkResponder: Sendable {
    let sink: any VarlinkReplySink
    public let oneway: Bool
    public let more: Bool

    /// True once the caller has hung up: a read whose reply cannot be delivered need not run.
    public var peerHasGone: Bool { sink.peerHasGone }

    public init(sink: any VarlinkReplySink, oneway: Bool, more: Bool) {
        self.sink = sink
        self.oneway = oneway
        self.more = more
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    struct Empty: Encodable {}

    /// Sends a reply. `continues: true` is only sent to callers that asked for `more`.
    public func reply<P: Encodable>(_ parameters: P, continues: Bool = false) async throws {
        if oneway { return }
        let bytes = try Self.encoder.encode(VarlinkReply(parameters: parameters, continues: continues && more ? true : nil))
        try await send(Array(bytes))
    }

    public func reply() async throws { try await reply(Empty()) }

    /// A single, final reply encoded for the wire (without the NUL).
    public static func encode<P: Encodable>(_ parameters: P) -> [UInt8]? {
        (try? encoder.encode(VarlinkReply(parameters: parameters))).map(Array.init)
    }

    /// An error reply encoded for the wire (without the NUL).
    public static func encode(_ error: VarlinkError) -> [UInt8]? {
        (try? encoder.encode(VarlinkReply(parameters: error.parameters, error: error.name))).map(Array.init)
    }

    /// Sends a reply whose parameters are already JSON (an object), for replies assembled
    /// from stored JSON without decoding it. The caller guarantees `parameters` is valid JSON.
    public func reply(rawParameters parameters: consuming [UInt8], continues: Bool = false) async throws {
        if oneway { return }
        var bytes = Array("{\"parameters\":".utf8)
        bytes.reserveCapacity(parameters.count + 32)
        bytes.append(contentsOf: parameters)
        if continues && more { bytes.append(contentsOf: ",\"continues\":true".utf8) }
        bytes.append(UInt8(ascii: "}"))
        try await send(consume bytes)
    }

    public func error(_ error: VarlinkError) async throws {
        if oneway { return }
        let bytes = try Self.encoder.encode(VarlinkReply(parameters: error.parameters, error: error.name))
        try await send(Array(bytes))
    }

    func send(_ bytes: consuming [UInt8]) async throws {
        do { try await sink.write(consume bytes) } catch { throw VarlinkPeerGone(underlying: error) }
    }
}

/// One Varlink interface a service implements.
public protocol VarlinkInterface: Sendable {
    /// The interface name, such as "org.diplomatd.Timeline".
    var name: String { get }
    /// Its description in the Varlink interface definition language.
    var idl: String { get }
    /// Handles one call to a method of this interface. Throwing a `VarlinkError` answers with it.
    func handle(_ call: VarlinkCall, peer: VarlinkPeer, responder: VarlinkResponder) async throws

    /// The encoded reply to a call that can be answered at once, without waiting for anything
    /// and without knowing the caller (read-only state such as Status); nil to take the normal
    /// path. Lets the socket server answer on its event loop.
    func immediateReply(to call: VarlinkCall) -> [UInt8]?
}

extension VarlinkInterface {
    public func immediateReply(to call: VarlinkCall) -> [UInt8]? { nil }
}

/// What `org.varlink.service.GetInfo` reports.
public struct VarlinkServiceInfo: Codable, Sendable {
    public var vendor: String
    public var product: String
    public var version: String
    public var url: String
    public init(vendor: String, product: String, version: String, url: String) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
    }
}

/// Routes calls to interfaces and implements `org.varlink.service` itself.
public struct VarlinkDispatcher: Sendable {
    public let info: VarlinkServiceInfo
    let interfaces: [String: any VarlinkInterface]
    let order: [String]

    public init(info: VarlinkServiceInfo, interfaces: [any VarlinkInterface]) {
        self.info = info
        self.interfaces = Dictionary(interfaces.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.order = ["org.varlink.service"] + interfaces.map(\.name)
    }

    public static let serviceIDL = """
        # The Varlink Service Interface is provided by every varlink service. It
        # describes the service and the interfaces it implements.
        interface org.varlink.service

        # Get a list of all the interfaces a service provides and information
        # about the implementation.
        method GetInfo() -> (
          vendor: string,
          product: string,
          version: string,
          url: string,
          interfaces: []string
        )

        # Get the description of an interface that is implemented by this service.
        method GetInterfaceDescription(interface: string) -> (description: string)

        # The requested interface was not found.
        error InterfaceNotFound (interface: string)

        # The requested method was not found
        error MethodNotFound (method: string)

        # The interface defines the requested method, but the service does not
        # implement it.
        error MethodNotImplemented (method: string)

        # One of the passed parameters is invalid.
        error InvalidParameter (parameter: string)

        # Client is denied access
        error PermissionDenied ()

        # Method is expected to be called with 'more' set to true, but wasn't
        error ExpectedMore ()

        """

    struct Info: Encodable {
        var vendor, product, version, url: String
        var interfaces: [String]
    }
    struct DescriptionRequest: Decodable { var interface: String }
    struct Description: Encodable { var description: String }

    /// The reply to a message that can be answered at once (see `VarlinkInterface.immediateReply`),
    /// or nil when it must go through `handle`. Never for oneway or streaming calls.
    public func immediateReply(to message: [UInt8]) -> [UInt8]? {
        immediateAnswer(for: message)?.reply
    }

    /// The reply to a message that can be answered at once, and how to answer the same message
    /// again without parsing it: a connection keeps `again` and calls it when its next message
    /// is the same bytes (a poller's repeated `Status`). `again` may return nil, and then the
    /// message goes through `handle` like any other.
    public func immediateAnswer(for message: [UInt8]) -> (reply: [UInt8], again: @Sendable () -> [UInt8]?)? {
        guard let call = Self.simpleCall(message) ?? (try? VarlinkCall(message: Data(message))), !call.oneway, !call.more else { return nil }
        if call.method == "org.varlink.service.GetInfo" {
            let info = Info(vendor: info.vendor, product: info.product, version: info.version, url: info.url, interfaces: order)
            guard let reply = VarlinkResponder.encode(info) else { return nil }
            return (reply, { reply })
        }
        guard let target = interfaces[call.interface], let reply = target.immediateReply(to: call) else { return nil }
        return (reply, { target.immediateReply(to: call) })
    }

    /// A call with no parameters (or `{}`) and a plain method name, read by a scan of its top
    /// level instead of a JSON parse: a status poller's calls are nearly all like this. Nil
    /// for anything else, which then takes the full parse.
    static func simpleCall(_ message: [UInt8]) -> VarlinkCall? {
        guard message.count < 512, let members = TopLevelMembers(message), let m = members.ranges["method"] else { return nil }
        for (key, r) in members.ranges {
            switch key {
            case "method": continue
            case "parameters":
                let v = message[r].filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
                guard v == Array("{}".utf8) else { return nil }
            case "oneway", "more", "upgrade":
                guard message[r].elementsEqual("false".utf8) else { return nil }
            default: return nil
            }
        }
        let raw = message[m]
        guard raw.count > 2, raw.first == 0x22, raw.last == 0x22, !raw.contains(0x5C) else { return nil }
        let method = String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
        guard !method.isEmpty else { return nil }
        return VarlinkCall(method: method, oneway: false, more: false, message: Data(message))
    }

    /// Handles one framed message. Protocol and call errors are answered on the connection;
    /// only a failure to write to the peer is thrown.
    public func handle(message: [UInt8], peer: VarlinkPeer, sink: any VarlinkReplySink) async throws {
        let call: VarlinkCall
        do {
            call = try VarlinkCall(message: Data(message))
        } catch {
            try await VarlinkResponder(sink: sink, oneway: false, more: false).error(error)
            return
        }
        let responder = VarlinkResponder(sink: sink, oneway: call.oneway, more: call.more)
        do {
            try await route(call, peer: peer, responder: responder)
        } catch let error as VarlinkError {
            try await responder.error(error)
        }
    }

    func route(_ call: VarlinkCall, peer: VarlinkPeer, responder: VarlinkResponder) async throws {
        if call.interface == "org.varlink.service" {
            switch call.member {
            case "GetInfo":
                try await responder.reply(Info(vendor: info.vendor, product: info.product, version: info.version, url: info.url, interfaces: order))
            case "GetInterfaceDescription":
                let request = try call.parameters(DescriptionRequest.self)
                if request.interface == "org.varlink.service" {
                    try await responder.reply(Description(description: Self.serviceIDL))
                } else if let i = interfaces[request.interface] {
                    try await responder.reply(Description(description: i.idl))
                } else {
                    throw VarlinkError.interfaceNotFound(request.interface)
                }
            default:
                throw VarlinkError.methodNotFound(call.method)
            }
            return
        }
        guard let target = interfaces[call.interface] else { throw VarlinkError.interfaceNotFound(call.interface) }
        try await target.handle(call, peer: peer, responder: responder)
    }
}
