import ArgumentParser

/// Root command. On this branch it lists only the encoder benchmark; the lead merges the other subcommands.
struct AmpereCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ampere", abstract: "Multimodal product retrieval service.",
        subcommands: [BenchEncoderCommand.self])
}

AmpereCommand.main()
