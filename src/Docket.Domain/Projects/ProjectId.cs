using System.Text.RegularExpressions;

namespace Docket.Domain.Projects;

public static partial class ProjectId
{
    [GeneratedRegex("^[a-z0-9-]{3,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool IsValid(string? value) => value is not null && Shape().IsMatch(value);
}
