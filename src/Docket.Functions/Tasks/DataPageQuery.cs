using Docket.Application.DataPage;
using Docket.Domain.DataPage;
using Docket.Domain.Identity;
using Docket.Domain.Items;
using Docket.Domain.Projects;
using Docket.Domain.Validation;

namespace Docket.Functions.Tasks;

/// <summary>Reads the query string of a Data Page or queue request, naming every parameter that is wrong.</summary>
public static class DataPageQuery
{
    /// <param name="caller">Who asks: "assignee=me" is them.</param>
    public static (DataPageRequest? Request, List<ValidationError> Errors) Parse(IQueryCollection query,
        Project project, string caller)
    {
        var errors = new List<ValidationError>();
        var search = TaskSearch.ALL;
        if (Value(query, "search") is { } searchText
            && (!Enum.TryParse(searchText, ignoreCase: true, out search) || !Enum.IsDefined(search)))
            errors.Add(new ValidationError("search",
                $"must be one of {string.Join(", ", Enum.GetNames<TaskSearch>())}"));
        var sort = TaskSort.Queued;
        if (Value(query, "sort") is { } sortText
            && (!Enum.TryParse(sortText, ignoreCase: true, out sort) || !Enum.IsDefined(sort)))
            errors.Add(new ValidationError("sort", "must be queued or recent"));
        var stage = Value(query, "stage");
        if (stage is not null && project.Workflow.Find(stage) is null)
            errors.Add(new ValidationError("stage", $"'{stage}' is not a stage of this project"));
        StageKind? stageKind = Value(query, "stageKind") switch
        {
            null => null,
            "Label" => StageKind.Label,
            "Review" => StageKind.Review,
            _ => StageKindError(errors),
        };
        string? assignee = null;
        if (Value(query, "assignee") is { } assigneeText)
        {
            if (assigneeText == "me") assignee = caller;
            else if (EmailAddress.TryNormalize(assigneeText, out var email)) assignee = email;
            else errors.Add(new ValidationError("assignee", "must be an email address or \"me\""));
        }
        var name = Value(query, "name");
        if (name is not null && name.Length > ItemsFileLimits.MaxNameLength)
            errors.Add(new ValidationError("name", $"must be at most {ItemsFileLimits.MaxNameLength} characters"));
        else if (name is not null && TextRules.Problem(name) is { } problem)
            errors.Add(new ValidationError("name", problem));
        var (limit, cursor) = ReadPage(query, errors);
        var request = new DataPageRequest(search, stage, stageKind, assignee, name, sort, limit, cursor);
        return (errors.Count == 0 ? request : null, errors);
    }

    /// <summary>The page size (1 to 500, default 50) and the cursor of a paginated listing.</summary>
    public static (int Limit, string? Cursor) ReadPage(IQueryCollection query, List<ValidationError> errors)
    {
        var limit = DataPageRequest.DefaultLimit;
        if (Value(query, "limit") is { } limitText
            && (!int.TryParse(limitText, out limit) || limit < 1 || limit > DataPageRequest.MaxLimit))
            errors.Add(new ValidationError("limit",
                $"must be a whole number between 1 and {DataPageRequest.MaxLimit}"));
        var cursor = Value(query, "cursor");
        // The signature is checked against the query when the page is read; a cursor that cannot be one is named here.
        if (cursor is not null
            && !System.Text.RegularExpressions.Regex.IsMatch(cursor, "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"))
            errors.Add(new ValidationError("cursor", "is not a cursor this API returned"));
        return (limit, cursor);
    }

    static StageKind? StageKindError(List<ValidationError> errors)
    {
        errors.Add(new ValidationError("stageKind", "must be \"Label\" or \"Review\""));
        return null;
    }

    static string? Value(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
