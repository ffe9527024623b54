import Foundation
@testable import SwarmRecording
import SwarmModel
import Testing

/// Inputs the fuzz target (.ci/fuzz-recording-reader) found that broke the reader; each must
/// now give a clear error instead.
@Suite struct FuzzRegressionTests {
    @Test func aTimeAfter2262IsAnErrorNotAnOverflow() {
        // Found by the fuzzer: a task status timestamp in the year 9999 overflowed Int64
        // nanoseconds in Timestamp(rfc3339:) and crashed the process.
        #expect(Timestamp(rfc3339: "9999-01-01T00:00:00Z") == nil)
        #expect(Timestamp(rfc3339: "2262-04-11T23:47:16.854775807Z") != nil)
        #expect(Timestamp(rfc3339: "2262-04-11T23:47:16.854775808Z") == nil)
        #expect(Timestamp(rfc3339: "1600-01-01T00:00:00Z") == nil)
        let line = #"{"t":1,"kind":"cluster","event":{"seq":9,"time":"9999-12-31T23:59:59Z","type":"node.removed","node":{}}}"#
        let message = Sample.message(Sample.text([line]))
        #expect(message?.hasPrefix("rec.jsonl:2: 'cluster' line: field 'event.time': not an RFC 3339 time") == true, "\(message ?? "")")
    }

    @Test func aHugeTerminalSizeIsRefused() {
        var header = Sample.header
        header.terminal = .init(width: 1_000_000, height: 40)
        #expect(Sample.message(Sample.text(header: header, [])) == "rec.jsonl:1: header: terminal size 1000000x40 is out of range")
        #expect(Sample.message(Sample.text([#"{"t":1,"kind":"resize","width":3000,"height":40}"#])) == "rec.jsonl:2: 'resize' line: field 'width': terminal size 3000x40 is out of range")
    }
}
