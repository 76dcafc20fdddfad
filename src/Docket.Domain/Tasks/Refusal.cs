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
/// <param name="Code">For conflicts, which kind (<see cref="RefusalCodes"/>); null for a plain conflict.</param>
public sealed record Refusal(RefusalKind Kind, string Reason, string? Field = null, string? Code = null)
{
    public static Refusal NotFound(string reason) => new(RefusalKind.NotFound, reason);
    public static Refusal Forbidden(string reason) => new(RefusalKind.Forbidden, reason);
    public static Refusal Conflict(string reason, string? code = null) => new(RefusalKind.Conflict, reason, Code: code);
    public static Refusal Invalid(string field, string reason) => new(RefusalKind.Invalid, reason, field);
}
