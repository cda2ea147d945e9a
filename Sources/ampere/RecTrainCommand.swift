import App
import ArgumentParser
import Foundation
import Recommend
import Tools

/// The twin towers' training settings, shared by `rec-train` and `rec-eval --learned`.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Dimension of the learned space.") var dim = 128
    @Option(help: "Training epochs.") var epochs = TowerTrainer.Settings().epochs
    @Option(help: "Rows per batch.") var batch = TowerTrainer.Settings().batch
    @Option(help: "Uniformly drawn negatives per batch (beside the batch's targets).") var negatives = TowerTrainer.Settings().negatives
    @Option(help: "Adam learning rate (cosine schedule).") var lr: Float = TowerTrainer.Settings().learningRate
    @Option(help: "Random seed (the same seed and data give the same model).") var seed: UInt64 = 1

    var settings: TowerTrainer.Settings {
        var s = TowerTrainer.Settings()
        s.dimension = dim
        s.epochs = epochs
        s.batch = batch
        s.negatives = negatives
        s.learningRate = lr
        s.seed = seed
        return s
    }
}

/// `ampere rec-train`: fits the twin towers on the training part of an interaction log and writes the model file.
struct RecTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rec-train",
        abstract: "Train the learned recommendation model (LEARN-style twin towers) on an interaction log.",
        discussion: "Reads --data as rec-eval does, encodes the catalog with the configured encoder, and trains on "
            + "every basket except the evaluation's target baskets (the last basket of each customer with two or "
            + "more). Single-threaded and seeded. The model file records the vector space; serve it with "
            + "recommend.model_path.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var training: TrainingOptions

    @Option(help: "Folder with the log (events-*.csv or .csv.gz) and products.jsonl.")
    var data: String

    @Option(help: "Where to write the model file.")
    var out = "recommender.model.json"

    func run() async throws {
        let loaded = try await RecEvalCommand.load(options: options, data: data)
        defer { try? FileManager.default.removeItem(at: loaded.dir) }
        guard let setting = loaded.evalProtocol.settings.first(where: { $0.name == "all" }) else {
            throw ValidationError("no training data")
        }
        let settings = training.settings
        let fitted = try RecTrain.fit(vectors: loaded.vectors, sequences: setting.sequences, settings: settings) {
            Console.error("ampere rec-train: \($0)")
        }
        let (towers, report) = (fitted.towers, fitted.report)
        let coPurchase = ModelFile.CoPurchase(ids: loaded.evalProtocol.items, table: fitted.table, blend: fitted.blend,
                                              settings: fitted.tableSettings)
        let loss = report.epochLoss.map { String(format: "%.4f", $0) }.joined(separator: " ")
        let header = ModelFile.header(for: towers, space: loaded.stack.encoder.spaceID, settings: settings, training: [
            "data": URL(fileURLWithPath: data).lastPathComponent, "examples": "\(report.examples)",
            "seconds": String(format: "%.1f", report.seconds), "epoch_loss": loss,
            "blend": "\(fitted.blend)", "table": RecTrain.name(fitted.tableSettings), "validation_cases": "\(fitted.validationCases)",
            "validation_recall10": fitted.validation.map { String(format: "%@/%g:%.4f", $0.table, Double($0.blend), $0.recall) }
                .joined(separator: " "),
        ])
        try ModelFile.write(towers, header: header, coPurchase: coPurchase, to: out)
        Console.error(String(format: "ampere rec-train: %d examples, %d epochs, %.1f s, loss %@; wrote %@ (%@, %@)",
                             report.examples, settings.epochs, report.seconds, loss, out, header.space, header.checksum))
    }
}
