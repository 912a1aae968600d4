import DiplomatCore
import DiplomatExtract
import DiplomatStore
import Foundation
import Varlink

/// One article a client or the seeds directory hands over, before it is checked.
public struct ArticleInput: Codable, Sendable {
    public var name: String?
    public var text: String
    public var published: String
    public var timeZone: String?
    public var source: String?
    /// Chosen by the seeds directory (the file's name); clients get an id from the text.
    public var id: String?

    public init(name: String?, text: String, published: String, timeZone: String?, source: String?, id: String? = nil) {
        self.name = name
        self.text = text
        self.published = published
        self.timeZone = timeZone
        self.source = source
        self.id = id
    }
}

extension TimelineInterface {
    struct IngestRequest: Decodable { var documents: [ArticleInput] }
    struct IngestReply: Encodable { var documents: [IngestOutcome] }

    /// `Ingest`: every article is checked first, so a bad one refuses the whole call and
    /// nothing is stored; then each is extracted and stored in its own transaction.
    func ingest(_ r: IngestRequest, peer: VarlinkPeer) async throws -> IngestReply {
        guard !r.documents.isEmpty else { throw VarlinkError.invalidParameter("documents", reason: "give at least one document") }
        var checked: [(ArticleInput, NewsDocument)] = []
        for (i, a) in r.documents.enumerated() {
            do {
                checked.append((a, try NewsDocument.make(text: a.text, name: a.name ?? "documents[\(i)]", published: a.published,
                                                          timeZone: a.timeZone ?? TimeZone.current.identifier, id: a.id)))
            } catch {
                throw VarlinkError.invalidParameter("documents[\(i)]", reason: error.description)
            }
        }
        var out: [IngestOutcome] = []
        for (a, doc) in checked { out.append(try await ingest(a, doc, actor: Self.actor(peer))) }
        return IngestReply(documents: out)
    }

    /// Extracts one checked article and merges it into the timeline, then tells the journal,
    /// the watchers and the scheduler what changed.
    public func ingest(_ article: ArticleInput, _ doc: NewsDocument, actor: String) async throws -> IngestOutcome {
        if try await store.hasDocument(doc.id) {
            return IngestOutcome(id: doc.id, name: article.name, outcome: "unchanged", added: [], updated: [])
        }
        let events = MeetingExtractor().extract(doc)
        let now = clock.now
        let stored = DiplomatStore.Document(id: doc.id, published: article.published, source: article.source, timeZone: doc.timeZone.identifier, text: doc.text)
        let outcome = try await store.ingest(stored, events: events, name: article.name, actor: actor, at: now, policy: settings.configuration.reminderPolicy)
        guard outcome.isNew else { return outcome }
        documentCount.add(1, ordering: .relaxed)
        eventCount.add(outcome.added.count, ordering: .relaxed)
        remindersChanged()
        logger.notice("ingested document \(doc.id): \(outcome.added.count) new events, \(outcome.updated.count) updated", metadata: [
            "message_id": "\(JournalMessage.documentIngested)", "diplomat_document": "\(doc.id)", "diplomat_actor": "\(actor)",
            "diplomat_events_added": "\(outcome.added.count)", "diplomat_events_updated": "\(outcome.updated.count)",
        ])
        for (type, ids) in [("added", outcome.added), ("changed", outcome.updated)] {
            for id in ids {
                guard let e = try await store.event(id: id) else { continue }
                logger.notice("\(type == "added" ? "added" : "updated") event \(id) from document \(doc.id): \(e.title)", metadata: [
                    "message_id": "\(type == "added" ? JournalMessage.eventAdded : JournalMessage.eventChanged)", "diplomat_event_id": "\(id)",
                    "diplomat_status": "\(e.status.rawValue)", "diplomat_document": "\(doc.id)", "diplomat_when": "\(e.when.value ?? "undated")",
                ])
                feed.publish(TimelineNotification(type: type, now: ISO8601.format(now, in: .current), event: e.evaluated(at: now)))
            }
        }
        feed.publish(TimelineNotification(type: "ingested", now: ISO8601.format(now, in: .current)))
        return outcome
    }

    /// The seed articles the store has not seen yet; returns how many were ingested.
    public func ingestSeeds(_ seeds: SeedDirectory) async throws -> [IngestOutcome] {
        var out: [IngestOutcome] = []
        for s in seeds.documents {
            let d = s.document
            let article = ArticleInput(name: d.id, text: d.text, published: d.published, timeZone: d.timeZone, source: d.source, id: d.id)
            let doc: NewsDocument
            do {
                doc = try NewsDocument.make(text: d.text, name: "seed \(d.id)", published: d.published, timeZone: d.timeZone, id: d.id)
            } catch {
                throw SeedDirectory.LoadError.invalid(d.id, error.description)
            }
            let outcome = try await ingest(article, doc, actor: "seed")
            if outcome.isNew { out.append(outcome) }
        }
        return out
    }
}
