namespace Docket.Domain.Projects;

public enum StageKind
{
    Label,
    Review,
    GroundTruth,
}
