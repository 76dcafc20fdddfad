namespace Docket.Domain.Items;

/// <summary>
/// The outcome of parsing a whole items file. Uploads are all or nothing, so when the file has errors the
/// <see cref="Entries"/> (the entries that happened to be valid) must not be used to create tasks.
/// </summary>
/// <param name="Errors">The first <see cref="ItemsFileLimits.MaxListedErrors"/> problems, in file order.</param>
/// <param name="ErrorCount">How many problems the file has in all, listed or not.</param>
public sealed record ItemsFileParseResult(IReadOnlyList<ItemsFileEntry> Entries, IReadOnlyList<ItemsFileError> Errors,
    int ErrorCount)
{
    public bool IsValid => ErrorCount == 0;
}
