import Foundation
import Testing
import TestSupport

/// The tests' posix_spawn runner (`ChildProcess`, in place of Foundation's `Process`).
@Suite("Child process runner")
struct ChildProcessTests {
    /// A descriptor this process holds open (not close-on-exec) is closed in the child, as `Process` closes it;
    /// stdout and stderr are separate pipes; the exit status comes back.
    @Test func theChildGetsOnlyItsPipesAndReportsItsStatus() async throws {
        let held = open("/dev/null", O_RDONLY)  // no O_CLOEXEC: only the runner's close actions keep it out
        #expect(held > 2)
        defer { close(held) }
        let child = try ChildProcess(executable: "/bin/sh",
                                     ["-c", "ls /proc/self/fd; echo to-stderr >&2; exit 3"])
        let out = String(decoding: child.stdout!.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: child.stderr!.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        let fds = Set(out.split(separator: "\n").compactMap { Int32($0) })
        #expect(fds.isSuperset(of: [0, 1, 2]), "\(out)")
        #expect(!fds.contains(held), "the child inherited descriptor \(held): \(out)")
        #expect(fds.count <= 4, "\(out)")  // 0, 1, 2 and the descriptor `ls` lists /proc/self/fd with
        #expect(err == "to-stderr\n")
        #expect(!child.isRunning && !child.exitedBySignal && child.terminationStatus == 3)
    }

    @Test func aKilledChildReportsTheSignal() async throws {
        let child = try ChildProcess(executable: "/bin/sh", ["-c", "echo up; exec sleep 600"], stderr: .discard)
        let first = child.stdout!.availableData  // the child is up once it has written
        #expect(String(decoding: first, as: UTF8.self) == "up\n")
        #expect(child.isRunning)
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.exitedBySignal && child.terminationStatus == SIGKILL)
        #expect(!child.isRunning)
    }
}
