namespace Docket.Domain.Items;

/// <summary>
/// One problem in an items file, shaped like the <c>{index, name, field, message}</c> the API answers with.
/// </summary>
/// <param name="Index">The 0-based entry index; null for problems with the file as a whole.</param>
/// <param name="Name">The entry's name when it has a valid one, so people can find the entry in their file.</param>
/// <param name="Field">A path into the entry such as <c>series[0].items</c> or <c>preAssign.Label</c>; <c>$</c> is the
/// file (when Index is null) or the entry itself.</param>
public sealed record ItemsFileError(int? Index, string? Name, string Field, string Message);
