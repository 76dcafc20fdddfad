using Docket.Domain.Tasks;

namespace Docket.Application.Tasks;

/// <summary>What creating tasks did: the tasks created, and those whose id (name) was taken, untouched.</summary>
public sealed record CreatedTasks(IReadOnlyList<StoredTask> Created, IReadOnlyList<AnnotationTask> Existing);
