import ArgumentParser

/// Root command for the `hnsw` branch: only the index benchmark. At merge the lead keeps the HTTP engineer's root
/// command and adds `BenchIndexCommand` to its subcommands.
struct Ampere: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ampere", abstract: "Ampere multimodal product retrieval.",
        subcommands: [BenchIndexCommand.self])
}

Ampere.main()
