import ArgumentParser

/// The `ampere` command line: the service and its benchmark tools as subcommands.
struct AmpereCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ampere",
        abstract: "Cross-domain multimodal product retrieval.",
        subcommands: [BenchVisualCommand.self]
    )
}
