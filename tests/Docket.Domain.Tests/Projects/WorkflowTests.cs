using Docket.Domain.Projects;

namespace Docket.Domain.Tests.Projects;

public sealed class WorkflowTests
{
    [Theory]
    [InlineData(0, new[] { "Label", "Ground Truth" })]
    [InlineData(1, new[] { "Label", "Review_1", "Ground Truth" })]
    [InlineData(3, new[] { "Label", "Review_1", "Review_2", "Review_3", "Ground Truth" })]
    [InlineData(6,
        new[] { "Label", "Review_1", "Review_2", "Review_3", "Review_4", "Review_5", "Review_6", "Ground Truth" })]
    public void Label_then_reviews_then_Ground_Truth(int reviewStages, string[] names)
    {
        var workflow = Workflow.WithReviewStages(reviewStages);

        Assert.Equal(names, workflow.Stages.Select(s => s.Name));
        Assert.Equal(reviewStages, workflow.ReviewStageCount);
        Assert.Equal(Enumerable.Range(0, names.Length), workflow.Stages.Select(s => s.Index));
    }

    [Fact]
    public void Stages_have_their_kinds()
    {
        var workflow = Workflow.WithReviewStages(2);

        Assert.Equal([StageKind.Label, StageKind.Review, StageKind.Review, StageKind.GroundTruth],
            workflow.Stages.Select(s => s.Kind));
        Assert.Equal(new Stage("Label", StageKind.Label, 0), workflow.First);
        Assert.Equal(new Stage("Ground Truth", StageKind.GroundTruth, 3), workflow.GroundTruth);
        Assert.True(workflow.GroundTruth.IsTerminal);
        Assert.DoesNotContain(workflow.Stages.SkipLast(1), s => s.IsTerminal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    [InlineData(int.MaxValue)]
    public void More_than_six_or_fewer_than_zero_review_stages_are_refused(int reviewStages)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Workflow.WithReviewStages(reviewStages));
    }

    [Fact]
    public void Work_stages_are_every_stage_but_Ground_Truth()
    {
        Assert.Equal(["Label", "Review_1"], Workflow.WithReviewStages(1).WorkStages.Select(s => s.Name));
        Assert.Equal(["Label"], Workflow.WithReviewStages(0).WorkStages.Select(s => s.Name));
    }

    [Fact]
    public void Work_stage_names_match_the_product_pattern()
    {
        Assert.All(Workflow.WithReviewStages(Workflow.MaxReviewStages).WorkStages,
            s => Assert.Matches(@"^\w{4,20}$", s.Name));
    }

    [Theory]
    [InlineData("Label", 0)]
    [InlineData("Review_2", 2)]
    [InlineData("Ground Truth", 3)]
    public void Stages_are_found_by_exact_name(string name, int index)
    {
        Assert.Equal(index, Workflow.WithReviewStages(2).Find(name)?.Index);
    }

    [Theory]
    [InlineData("label")]
    [InlineData("REVIEW_1")]
    [InlineData("Review_3")]
    [InlineData("Review_0")]
    [InlineData("GroundTruth")]
    [InlineData("ground truth")]
    [InlineData("")]
    [InlineData(" Label")]
    public void Unknown_or_differently_cased_names_are_not_found(string name)
    {
        Assert.Null(Workflow.WithReviewStages(2).Find(name));
    }

    [Fact]
    public void Each_stage_is_followed_by_the_next_and_Ground_Truth_by_none()
    {
        var workflow = Workflow.WithReviewStages(2);

        Assert.Equal("Review_1", workflow.After(workflow.First)?.Name);
        Assert.Equal("Review_2", workflow.After(workflow.Find("Review_1")!)?.Name);
        Assert.Equal("Ground Truth", workflow.After(workflow.Find("Review_2")!)?.Name);
        Assert.Null(workflow.After(workflow.GroundTruth));
    }

    [Fact]
    public void Without_reviews_Label_is_followed_by_Ground_Truth()
    {
        var workflow = Workflow.WithReviewStages(0);

        Assert.Same(workflow.GroundTruth, workflow.After(workflow.First));
    }
}
