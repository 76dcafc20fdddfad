namespace Docket.Domain.Items;

/// <summary>
/// Collects the errors of one entry into the file's list. The name is attached once the entry is known to have
/// one (a non-blank string, even one refused for its length or characters), so that people can find the entry
/// in their file; an entry without a usable string is pointed at by its index only.
/// </summary>
sealed class EntryErrors(int index, ItemsFileErrors errors)
{
    readonly int countBefore = errors.Count;

    public string? Name { get; set; }

    public bool Any => errors.Count > countBefore;

    public void Add(string field, string message) => errors.Add(index, Name, field, message);
}
