using Microsoft.Extensions.Logging;

namespace Docket.Functions.Hosting;

/// <summary>
/// Every log line of the HTTP and queue edge, source-generated with a stable event id (20xx); the use cases' own
/// are in <c>Docket.Application.Telemetry.Log</c> (1xxx).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Warning, "Storage unavailable for {Path}: {Reason}")]
    public static partial void StorageUnavailable(this ILogger logger, PathString path, string reason);

    [LoggerMessage(2002, LogLevel.Error, "Function {Function} failed on {Method} {Path}")]
    public static partial void FunctionFailed(this ILogger logger, Exception exception, string function,
        string method, PathString path);

    [LoggerMessage(2003, LogLevel.Warning, "Could not record the last use of key {KeyId}: {Reason}")]
    public static partial void KeyUseNotRecorded(this ILogger logger, string keyId, string? reason);

    [LoggerMessage(2004, LogLevel.Warning, "Move {MoveId} of task {TaskId} in {ProjectId} dropped: {Reason}")]
    public static partial void MoveDropped(this ILogger logger, string moveId, string taskId, string projectId,
        string? reason);

    [LoggerMessage(2005, LogLevel.Warning, "Storage health probe failed: {Reason}")]
    public static partial void HealthProbeFailed(this ILogger logger, string? reason);
}
