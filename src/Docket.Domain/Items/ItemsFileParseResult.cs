namespace Docket.Domain.Items;

/// <summary>
/// The outcome of parsing a whole items file. Uploads are all or nothing, so when <see cref="Errors"/> is not
/// empty the <see cref="Entries"/> (the entries that happened to be valid) must not be used to create tasks.
/// </summary>
public sealed record ItemsFileParseResult(IReadOnlyList<ItemsFileEntry> Entries, IReadOnlyList<ItemsFileError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
