namespace Docket.Domain.Tasks;

/// <summary>Why an action on a task may not happen, as far as the domain can tell.</summary>
public enum RefusalKind
{
    /// <summary>The task does not exist, or the caller may not see it: the two look alike.</summary>
    NotFound,
    /// <summary>The caller sees the task but may not do this to it.</summary>
    Forbidden,
    /// <summary>The task's state does not allow it now.</summary>
    Conflict,
    /// <summary>What the caller asked for is invalid in itself (<see cref="Refusal.Field"/> names the part).</summary>
    Invalid,
}

/// <summary>A refused action: what kind of refusal, the reason in words, and for invalid requests the field.</summary>
public sealed record Refusal(RefusalKind Kind, string Reason, string? Field = null)
{
    public static Refusal NotFound(string reason) => new(RefusalKind.NotFound, reason);
    public static Refusal Forbidden(string reason) => new(RefusalKind.Forbidden, reason);
    public static Refusal Conflict(string reason) => new(RefusalKind.Conflict, reason);
    public static Refusal Invalid(string field, string reason) => new(RefusalKind.Invalid, reason, field);
}
