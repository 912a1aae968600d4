import Foundation
import NIOCore
import NIOEmbedded
import Synchronization
import Testing
@testable import Varlink
@testable import VarlinkNIO

@Suite struct NULFrameDecoderTests {
    @Test func splitsMessagesAcrossArbitraryChunks() throws {
        let stream = Array("{\"a\":1}\0{\"b\":2}\0{\"c\"".utf8)
        for chunk in 1...stream.count {
            var d = NULFrameDecoder(maxMessageSize: 64)
            var frames: [String] = []
            var i = 0
            while i < stream.count {
                d.feed(stream[i..<min(i + chunk, stream.count)])
                i += chunk
                while let f = try d.next() { frames.append(String(decoding: f, as: UTF8.self)) }
            }
            #expect(frames == ["{\"a\":1}", "{\"b\":2}"], "chunk size \(chunk)")
            #expect(d.pendingBytes == 4)
        }
    }

    @Test func refusesAnOversizedMessageBeforeItEnds() throws {
        var d = NULFrameDecoder(maxMessageSize: 8)
        d.feed(Array("123456789".utf8))
        #expect(throws: NULFrameDecoder.Failure.messageTooLarge(limit: 8)) { _ = try d.next() }
        var ok = NULFrameDecoder(maxMessageSize: 8)
        ok.feed(Array("12345678\0".utf8))
        #expect(try ok.next() == Array("12345678".utf8))
    }

    @Test func emptyMessagesAreFrames() throws {
        var d = NULFrameDecoder()
        d.feed([0, 0])
        #expect(try d.next() == [])
        #expect(try d.next() == [])
        #expect(try d.next() == nil)
    }
}

@Suite struct NULFrameHandlerTests {
    func frames(_ channel: EmbeddedChannel) throws -> [String] {
        var out: [String] = []
        while let f = try channel.readInbound(as: VarlinkInboundFrame.self) {
            switch f {
            case .message(let b): out.append(String(buffer: b))
            case .tooLarge(let limit): out.append("<too large: \(limit)>")
            }
        }
        return out
    }

    @Test func framesInThePipeline() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(NULFrameHandler(maxMessageSize: 16)))
        try channel.writeInbound(ByteBuffer(string: "{}\0{\"x\""))
        try channel.writeInbound(ByteBuffer(string: ":1}\0"))
        #expect(try frames(channel) == ["{}", "{\"x\":1}"])
        // Over the limit without a NUL: reported once, and everything after is discarded.
        try channel.writeInbound(ByteBuffer(string: String(repeating: "x", count: 20)))
        try channel.writeInbound(ByteBuffer(string: "more\0{}\0"))
        #expect(try frames(channel) == ["<too large: 16>"])
        _ = try channel.finish()
    }
}

/// Collects replies in memory, for dispatcher tests without a socket.
actor MemorySink: VarlinkReplySink {
    var messages: [[UInt8]] = []
    func write(_ message: consuming [UInt8]) async throws { messages.append(message) }
    nonisolated func peerClosed() async {}
    func take() -> [[UInt8]] { defer { messages = [] }; return messages }
}

struct EchoInterface: VarlinkInterface {
    let name = "org.example.Echo"
    let idl = "interface org.example.Echo\n\nmethod Echo(text: string, times: ?int) -> (text: string)\n"
    struct In: Decodable {
        var text: String
        var times: Int?
    }
    struct Out: Encodable { var text: String }
    func handle(_ call: VarlinkCall, peer: VarlinkPeer, responder: VarlinkResponder) async throws {
        guard call.member == "Echo" else { throw VarlinkError.methodNotFound(call.method) }
        let p = try call.parameters(In.self)
        let n = p.times ?? 1
        for i in 0..<n { try await responder.reply(Out(text: p.text), continues: i < n - 1) }
    }
}

@Suite struct VarlinkDispatcherTests {
    let dispatcher = VarlinkDispatcher(info: VarlinkServiceInfo(vendor: "v", product: "p", version: "1", url: "u"), interfaces: [EchoInterface()])

    func call(_ json: String) async throws -> [[String: Any]] {
        let sink = MemorySink()
        try await dispatcher.handle(message: Array(json.utf8), peer: VarlinkPeer(), sink: sink)
        return try await sink.take().map { try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any] }
    }

    @Test func serviceInterface() async throws {
        let info = try await call(#"{"method":"org.varlink.service.GetInfo"}"#)
        #expect((info[0]["parameters"] as! [String: Any])["interfaces"] as! [String] == ["org.varlink.service", "org.example.Echo"])
        let desc = try await call(#"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"org.example.Echo"}}"#)
        #expect(((desc[0]["parameters"] as! [String: Any])["description"] as! String).hasPrefix("interface org.example.Echo"))
        let missing = try await call(#"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"x.y"}}"#)
        #expect(missing[0]["error"] as? String == "org.varlink.service.InterfaceNotFound")
    }

    @Test func errorsNameWhatIsWrong() async throws {
        func error(_ json: String) async throws -> (String?, String?) {
            let r = try await call(json)[0]
            return (r["error"] as? String, (r["parameters"] as? [String: Any])?["parameter"] as? String)
        }
        #expect(try await error(#"{"method":"org.example.Echo.Nope"}"#).0 == "org.varlink.service.MethodNotFound")
        #expect(try await error(#"{"method":"org.example.Echo.Echo","parameters":{}}"#) == ("org.varlink.service.InvalidParameter", "text"))
        #expect(try await error(#"{"method":"org.example.Echo.Echo","parameters":{"text":1}}"#) == ("org.varlink.service.InvalidParameter", "text"))
        #expect(try await error(#"{"method":"org.example.Echo.Echo","parameters":{"text":"a","times":"x"}}"#) == ("org.varlink.service.InvalidParameter", "times"))
        #expect(try await error("[]") == ("org.varlink.service.InvalidParameter", "message"))
        #expect(try await error("{") == ("org.varlink.service.InvalidParameter", "message"))
        #expect(try await error(#"{"method":7}"#) == ("org.varlink.service.InvalidParameter", "method"))
    }

    @Test func moreStreamsAndOnewayIsSilent() async throws {
        let more = try await call(#"{"method":"org.example.Echo.Echo","parameters":{"text":"hi","times":3},"more":true}"#)
        #expect(more.map { $0["continues"] as? Bool } == [true, true, nil])
        let oneway = try await call(#"{"method":"org.example.Echo.Echo","parameters":{"text":"hi"},"oneway":true}"#)
        #expect(oneway.isEmpty)
    }
}

@Suite struct ReplyEnvelopeTests {
    /// The client reads a reply's envelope by scanning its top level; nested braces, quotes
    /// and escapes inside the parameters must not confuse it.
    @Test func scansTheTopLevelOnly() throws {
        let text = #"{"parameters":{"title":"a } \" { ] [","list":[{"x":"}"}],"n":-1.5e3},"continues":true}"#
        let reply = try VarlinkReceivedReply(json: Data(text.utf8))
        #expect(reply.continues)
        #expect(reply.error == nil)
        #expect(String(decoding: reply.rawParameters ?? Data(), as: UTF8.self) == #"{"title":"a } \" { ] [","list":[{"x":"}"}],"n":-1.5e3}"#)
        struct P: Decodable { var title: String; var n: Double }
        #expect(try reply.decode(P.self).title == "a } \" { ] [")
    }

    @Test func readsErrorsWhateverTheOrder() throws {
        let a = try VarlinkReceivedReply(json: Data(#"{"parameters":{"id":"x"},"error":"org.diplomatd.Timeline.NoSuchEvent"}"#.utf8))
        #expect(a.error?.name == "org.diplomatd.Timeline.NoSuchEvent")
        let b = try VarlinkReceivedReply(json: Data(#" { "error" : "org.varlink.service.MethodNotFound" , "parameters" : { "method" : "X" } } "#.utf8))
        #expect(b.error?.name == "org.varlink.service.MethodNotFound")
        #expect(b.continues == false)
        // Not an object: the full decoder reports it.
        #expect(throws: (any Error).self) { try VarlinkReceivedReply(json: Data("[1,2]".utf8)) }
    }
}

@Suite struct SimpleCallTests {
    /// Status polls skip the JSON parser; anything unusual still takes it.
    @Test func onlyPlainCallsTakeTheShortcut() {
        #expect(VarlinkDispatcher.simpleCall(Array(#"{"method":"org.diplomatd.Timeline.Status"}"#.utf8))?.method == "org.diplomatd.Timeline.Status")
        #expect(VarlinkDispatcher.simpleCall(Array(#"{ "method" : "a.b.C", "parameters" : { } , "more": false }"#.utf8))?.member == "C")
        for other in [#"{"method":"a.b.C","parameters":{"id":"x"}}"#, #"{"method":"a.b.C","more":true}"#, #"{"method":"a.b\u0043"}"#,
                      #"{"method":"a.b.C","extra":1}"#, #"{"method":5}"#, #"{"method":"a.b.C""#, "[]"] {
            #expect(VarlinkDispatcher.simpleCall(Array(other.utf8)) == nil, "\(other)")
        }
    }
}

/// A counter answered at once, like Status: its value changes between calls.
final class CounterInterface: VarlinkInterface {
    let name = "org.example.Counter"
    let idl = "interface org.example.Counter\n\nmethod Get() -> (n: int)\nmethod Slow() -> ()\n"
    let value = Atomic<Int>(1)
    func handle(_ call: VarlinkCall, peer: VarlinkPeer, responder: VarlinkResponder) async throws {}
    func immediateReply(to call: VarlinkCall) -> [UInt8]? {
        call.member == "Get" ? Array("{\"parameters\":{\"n\":\(value.load(ordering: .relaxed))}}".utf8) : nil
    }
}

@Suite struct ImmediateReplyTests {
    /// A poller's repeated message is answered from the parse kept for its bytes, so a change of
    /// state between calls shows, and a different message is parsed afresh.
    @Test func repeatedCallsAreAnsweredAfreshWithoutParsingAgain() throws {
        let counter = CounterInterface()
        let dispatcher = VarlinkDispatcher(info: VarlinkServiceInfo(vendor: "v", product: "p", version: "1", url: "u"), interfaces: [counter])
        let parses = Atomic<Int>(0)
        let handler = ImmediateReplyHandler(answer: { message in
            parses.add(1, ordering: .relaxed)
            return dispatcher.immediateAnswer(for: message)
        })
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(handler)
        func send(_ json: String) throws -> String? {
            try channel.writeInbound(VarlinkInboundFrame.message(ByteBuffer(string: json)))
            guard let out = try channel.readOutbound(as: ByteBuffer.self) else { return nil }
            return String(buffer: out)
        }
        let get = #"{"method":"org.example.Counter.Get"}"#
        #expect(try send(get) == "{\"parameters\":{\"n\":1}}\0")
        counter.value.store(2, ordering: .relaxed)
        #expect(try send(get) == "{\"parameters\":{\"n\":2}}\0")
        #expect(try send(get) == "{\"parameters\":{\"n\":2}}\0")
        #expect(parses.load(ordering: .relaxed) == 1)
        // Not answerable at once: handed on down the pipeline, nothing written.
        #expect(try send(#"{"method":"org.example.Counter.Slow"}"#) == nil)
        if case .message(let b)? = try channel.readInbound(as: VarlinkInboundFrame.self) {
            #expect(String(buffer: b).contains("Slow"))
        } else {
            Issue.record("the slow call was not handed on")
        }
        channel.pipeline.triggerUserOutboundEvent(VarlinkCallFinished(), promise: nil)
        // Same method, other bytes: parsed again, and answered.
        counter.value.store(3, ordering: .relaxed)
        #expect(try send(#"{"method":"org.example.Counter.Get","parameters":{}}"#) == "{\"parameters\":{\"n\":3}}\0")
        #expect(parses.load(ordering: .relaxed) == 3)
        _ = try channel.finish(acceptAlreadyClosed: true)
    }
}
