namespace Docket.Cli.Uploads;

/// <summary>A large upload the server accepted and may still be ingesting: enough to follow it again.</summary>
public sealed record PendingUpload(string Url, string ProjectId, string File, string Sha256, string UploadId,
    DateTimeOffset StartedAt);
