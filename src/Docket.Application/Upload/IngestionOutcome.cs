using Docket.Domain.Tasks;
using Docket.Domain.Validation;

namespace Docket.Application.Upload;

/// <summary>What happened to an items file.</summary>
public abstract record IngestionOutcome
{
    /// <summary>The file had problems; nothing was written.</summary>
    /// <param name="Errors">The first problems (at most 1,000).</param>
    /// <param name="ErrorCount">All problems, listed or not.</param>
    public sealed record Invalid(IReadOnlyList<ValidationError> Errors, int ErrorCount) : IngestionOutcome;

    /// <summary>A small file, ingested at once.</summary>
    public sealed record Done(IReadOnlyList<AnnotationTask> Created,
        IReadOnlyList<AnnotationTask> Existing) : IngestionOutcome;

    /// <summary>A large file, now being ingested in chunks through the queue.</summary>
    public sealed record Started(UploadRecord Upload) : IngestionOutcome;
}
