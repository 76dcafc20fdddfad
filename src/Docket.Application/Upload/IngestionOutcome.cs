using Docket.Domain.Tasks;
using Docket.Domain.Validation;
using Docket.Storage.Uploads;

namespace Docket.Application.Upload;

/// <summary>What happened to an items file.</summary>
public abstract record IngestionOutcome
{
    /// <summary>The file had problems; nothing was written.</summary>
    public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : IngestionOutcome;

    /// <summary>A small file, ingested at once.</summary>
    public sealed record Done(IReadOnlyList<AnnotationTask> Created, IReadOnlyList<AnnotationTask> Existing) : IngestionOutcome;

    /// <summary>A large file, now being ingested in chunks through the queue.</summary>
    public sealed record Started(UploadRecord Upload) : IngestionOutcome;
}
