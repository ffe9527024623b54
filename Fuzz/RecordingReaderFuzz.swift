// libFuzzer entry for the recording reader: any bytes must give lines, warnings or a
// RecordingError, never a crash. Built and run by .ci/fuzz-recording-reader.
import SwarmRecording

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
    return 0
}
