using Docket.Domain.Tasks;

namespace Docket.Application.Tasks;

/// <summary>
/// A task as storage holds it. <see cref="Version"/> (opaque) guards the next write: a write made against an older
/// version is refused. <see cref="QueuePlace"/> (opaque) names its place in its holder's queue, and
/// <see cref="Indexed"/> says its Data Page and statistics rows exist (tasks written before they did get them with
/// their next write, or from the reindex).
/// </summary>
public sealed record StoredTask(AnnotationTask Task, string Version, string? QueuePlace, bool Indexed = true);
