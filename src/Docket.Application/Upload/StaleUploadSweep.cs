using Docket.Application.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Docket.Application.Telemetry;

namespace Docket.Application.Upload;

/// <summary>
/// Heals uploads that nothing is moving on: a process that died between saving an upload and sending its chunk
/// messages, a message that ended in poison, an attempt cut short by a crash, a finished upload not cleaned up.
/// A chunk is asked for again only when it is not done and neither sent nor attempted within
/// <see cref="IngestionOptions.StaleUploadAge"/> (its message expires after that long, so it is no longer waiting in
/// the queue); after <see cref="IngestionOptions.MaxChunkAttempts"/> attempts the upload fails instead. Two hosts
/// sweeping at once send a chunk once: the send is claimed by an ETag-guarded write of the chunk's row.
/// </summary>
public sealed class StaleUploadSweep(
    IUploadStore uploads,
    ChunkMessages messages,
    UploadFinisher finisher,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<StaleUploadSweep> logger)
{
    /// <summary>Finished records deleted in one sweep at most; the next sweep goes on.</summary>
    const int MaxExpiredPerSweep = 500;

    int legacyIndexed;

    /// <returns>How many chunks were asked for again.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref legacyIndexed, 1, 0) == 0)
        {
            try
            {
                await uploads.IndexLegacyRecordsAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException
                                              || !cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref legacyIndexed, 0); // the next sweep tries again
                logger.UploadIndexingFailed(exception);
            }
        }
        var expired = await uploads.ExpireFinishedAsync(clock.GetUtcNow() - options.Value.UploadRetention,
            MaxExpiredPerSweep, cancellationToken);
        if (expired > 0) logger.UploadRecordsExpired(expired);
        var staleBefore = clock.GetUtcNow() - options.Value.StaleUploadAge;
        var resent = 0;
        foreach (var upload in await uploads.ListUnfinishedAsync(cancellationToken))
        {
            try
            {
                if (upload.Status == UploadStatus.Ingesting && upload.CreatedAt < staleBefore)
                {
                    var asked = await ResumeAsync(upload, staleBefore, cancellationToken);
                    if (asked > 0)
                        logger.ChunksAskedAgain(upload.UploadId, asked);
                    resent += asked;
                }
                else if (upload.Status != UploadStatus.Ingesting && upload.CompletedAt < staleBefore)
                    await finisher.CleanUpAsync(upload, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException
                                              || !cancellationToken.IsCancellationRequested)
            {
                logger.UploadSweepFailed(exception, upload.UploadId);
            }
        }
        return resent;
    }

    /// <summary>
    /// Asks for each chunk of an ingesting upload that is not done and was neither sent nor attempted since
    /// <paramref name="staleBefore"/> (never, for rows not sent yet); claimed by an ETag-guarded write of the chunk's
    /// row, so two callers at once send a chunk once. Fails the upload when a chunk has had every attempt.
    /// </summary>
    /// <returns>How many chunks were asked for.</returns>
    public async Task<int> ResumeAsync(UploadRecord upload, DateTimeOffset staleBefore,
        CancellationToken cancellationToken)
    {
        var rows = (await uploads.ReadChunksAsync(upload.UploadId, cancellationToken)).ToDictionary(c => c.Chunk.Chunk);
        var now = clock.GetUtcNow();
        var resent = new List<int>();
        for (var chunk = 0; chunk < upload.ChunkCount; chunk++)
        {
            if (!rows.TryGetValue(chunk, out var row))
            {
                // No row: the upload's creator died before writing it, so no message was sent either.
                var sent = new UploadChunk(chunk) { SentAt = now };
                if (await uploads.TryAddChunkAsync(upload.UploadId, sent, cancellationToken))
                {
                    await messages.SendAsync(upload.UploadId, chunk, cancellationToken);
                    resent.Add(chunk);
                }
                continue;
            }
            var (state, version) = row;
            if (state.Done || state.LastActivity >= staleBefore) continue;
            if (state.Attempts >= options.Value.MaxChunkAttempts)
            {
                await finisher.FailAsync(upload.UploadId, state, cancellationToken);
                return resent.Count;
            }
            var resend = state with { SentAt = now };
            if (await uploads.TryReplaceChunkAsync(upload.UploadId, resend, version, cancellationToken))
            {
                await messages.SendAsync(upload.UploadId, chunk, cancellationToken);
                resent.Add(chunk);
            }
        }
        if (resent.Count == 0 && rows.Count == upload.ChunkCount && rows.Values.All(r => r.Chunk.Done))
        {
            // Every chunk is done, but the attempt that finished the last one died before completing the upload.
            await finisher.CompleteIfFinishedAsync(upload.UploadId, cancellationToken);
        }
        return resent.Count;
    }
}
