namespace Docket.Domain.Validation;

/// <summary>One problem with a request: which field (and, for lists, which entry) and what is wrong.</summary>
public sealed record ValidationError(string Field, string Message, int? Index = null, string? Name = null);
