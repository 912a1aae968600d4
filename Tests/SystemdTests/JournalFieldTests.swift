import Logging
import Systemd
import Testing

@Suite struct JournalFieldTests {
    @Test func metadataKeysBecomeValidFieldNames() {
        #expect(JournalLogHandler.fieldName("diplomat_event_id") == "DIPLOMAT_EVENT_ID")
        #expect(JournalLogHandler.fieldName("message_id") == "MESSAGE_ID")
        #expect(JournalLogHandler.fieldName("peer.uid") == "PEER_UID")
        #expect(JournalLogHandler.fieldName("_SYSTEMD_UNIT") == "SYSTEMD_UNIT")  // clients may not set trusted fields
        #expect(JournalLogHandler.fieldName("1st") == "F1ST")
        #expect(JournalLogHandler.fieldName("") == "FIELD")
        #expect(JournalLogHandler.fieldName("événement") == "V_NEMENT")
        #expect(JournalLogHandler.fieldName(String(repeating: "a", count: 100)).count == 64)
    }

    @Test func prioritiesFollowSyslog() {
        #expect(JournalLogHandler.priority(.notice) == 5)
        #expect(JournalLogHandler.priority(.error) == 3)
        #expect(JournalLogHandler.priority(.debug) == 7)
    }
}
