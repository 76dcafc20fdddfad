using Docket.Application.Messaging;
using Docket.Application.Configuration;
using Docket.Application.Upload;

namespace Docket.Functions.Upload;

public sealed class UploadChunkFunction(ItemsIngestion ingestion, StaleUploadSweep sweep)
{
    [Function(nameof(IngestUploadChunk))]
    public Task IngestUploadChunk(
        [QueueTrigger(QueueNames.UploadChunks,
            Connection = DocketSettings.StorageConnection)] UploadChunkMessage message,
        CancellationToken cancellationToken) =>
        ingestion.IngestChunkAsync(message, cancellationToken);

    /// <summary>
    /// Runs with the stage-move sweep: both heal what a crash between a write and a send leaves behind.
    /// </summary>
    [Function(nameof(ResumeStaleUploads))]
    public Task ResumeStaleUploads([TimerTrigger("%" + DocketSettings.SweepSchedule + "%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        sweep.SweepAsync(cancellationToken);
}
