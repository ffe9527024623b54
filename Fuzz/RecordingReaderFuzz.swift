// libFuzzer entry for the recording reader: any bytes must give lines, warnings or a
// RecordingError, never a crash; and every line the fast decoder reads, it must read as
// Foundation's decoder does (a difference traps, so libFuzzer keeps the input). Built and
// run by .ci/fuzz-recording-reader (the modules are built with -enable-testing for this).
@testable import SwarmRecording

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    do {
        var reader = try RecordingReader(bytes: bytes, file: "fuzz.jsonl", lineLimit: 1 << 16)
        while try reader.next() != nil {}
        _ = reader.warnings.map(\.description)
    } catch {
        _ = error.description
    }
    compareDecoders(bytes)
    return 0
}

/// Reads every line after the first both ways, each way against its own ledger, as if the
/// file were of the current format.
func compareDecoders(_ bytes: [UInt8]) {
    let codec = RecordingLineCodec()
    var fast = FastLineDecoder()
    var fastLedger = TaskLedger(), slowLedger = TaskLedger()
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropFirst() {
        let slow: (time: Double, entry: RecordingEntry)? = {
            guard let decoded = try? codec.decodeEntry(line), let entry = try? slowLedger.entry(decoded.content, major: RecordingFormat.version.major) else { return nil }
            return (decoded.time, entry)
        }()
        let quick = line.withUnsafeBufferPointer { fast.decode($0, ledger: &fastLedger) }
        if let quick {
            guard let slow, slow.entry == quick.entry, Int64((slow.time * 1000).rounded()) == quick.milliseconds else {
                fatalError("the fast decoder reads \(String(decoding: line, as: UTF8.self)) otherwise than Foundation")
            }
            slowLedger.note(slow.entry)
        } else if let slow {
            slowLedger.note(slow.entry)
            fastLedger.note(slow.entry)
        }
    }
}
