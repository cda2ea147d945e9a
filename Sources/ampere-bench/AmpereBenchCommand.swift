import ArgumentParser

/// `ampere-bench`: the benchmarks and experiments, kept out of the server binary (`ampere` serves, configures,
/// imports and evaluates). Every subcommand prints figures; the scripts in `scripts/bench-*` wrap them.
@main
struct AmpereBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ampere-bench",
        abstract: "Ampere's benchmarks: encoder, index, snapshots, guard, lexical analysis, visual branch, summarizer.",
        subcommands: [
            BenchVisualCommand.self,
            BenchEncoderCommand.self,
            BenchIndexCommand.self,
            BenchSnapshotCommand.self,
            BenchFilterCommand.self,
            BenchGuardCommand.self,
            BenchLexicalCommand.self,
            SummarizeEvalCommand.self,
            BenchRecommendCommand.self,
        ]
    )
}
