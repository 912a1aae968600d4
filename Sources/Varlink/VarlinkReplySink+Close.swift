extension VarlinkResponder {
    /// Returns when the peer has gone away; a streaming method uses it to stop promptly.
    public func peerClosed() async { await sink.peerClosed() }
}
