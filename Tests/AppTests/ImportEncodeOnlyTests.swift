import Foundation
import Testing
import TestSupport

/// `ampere import --encode-only`: the benchmark reference for an import (the encoder's own rate on a catalog's
/// texts). It counts every appearance, stores nothing, and never makes a later import of the same file skip lines.
@Suite("Import encode-only")
struct ImportEncodeOnlyTests {
    @Test func countsAppearancesStoresNothingAndLeavesTheImportAlone() async throws {
        let dir = try TemporaryDirectory()
        let catalog = dir.file("catalog.jsonl")
        let lines = [
            #"{"id":"p1","title":"Brass desk lamp"}"#,
            #"{"id":"p2","title":"Walnut side table","media":[{"domain":"live","asr":"this walnut side table is solid wood"}]}"#,
            #"{"id":"p3"}"#,  // no title: rejected
            #"{"id":"p4","title":"Photo in the wrong format","images":["R0lGODlhAQABAAAAACw="]}"#,  // a GIF: fails to encode
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: catalog, atomically: true, encoding: .utf8)
        let scratch = dir.file("scratch")
        let encode = try AmpereProcess(["import", catalog, "--data-dir", scratch, "--encode-only",
                                        "--set", "encoder.text=hashing"])
        let encoded = await encode.waitForExit()
        #expect(encoded.status == 2, "\(encoded.stderr)")  // a rejected line exits 2, as an import does
        #expect(encoded.stderr.contains("encoded 3 appearances of 2 products"), "\(encoded.stderr)")
        #expect(encoded.stderr.contains("line 3:"), "\(encoded.stderr)")
        #expect(encoded.stderr.contains("line 4: unsupported_image_format"), "\(encoded.stderr)")
        #expect(!FileManager.default.fileExists(atPath: catalog + ".import-state"))

        // The real import afterwards does every line; a second encode-only run starts over again.
        let data = dir.file("data")
        let real = try AmpereProcess(["import", catalog, "--data-dir", data, "--set", "encoder.text=hashing"])
        let imported = await real.waitForExit()
        #expect(imported.stderr.contains("imported 2, rejected 2"), "\(imported.stderr)")
        let again = try AmpereProcess(["import", scratch + "/../catalog.jsonl", "--data-dir", scratch,
                                       "--encode-only", "--set", "encoder.text=hashing"])
        #expect(await again.waitForExit().stderr.contains("encoded 3 appearances of 2 products"))
    }

    @Test func needsADataDirectory() async throws {
        let run = try AmpereProcess(["import", "/dev/null", "--server", "http://127.0.0.1:9", "--encode-only"])
        let result = await run.waitForExit()
        #expect(result.status != 0)
        #expect(result.stderr.contains("--encode-only needs --data-dir"), "\(result.stderr)")
    }
}
