using Docket.Domain.StageMoves;
using Docket.Domain.Tasks;

namespace Docket.Domain.Tests.StageMoves;

public sealed class ReviewSamplingTests
{
    static readonly string[] TaskIds = Enumerable.Range(0, 10_000)
        .Select(i => TaskIdentity.IdFor($"task-{i}")).ToArray();

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void The_same_task_and_stage_always_get_the_same_answer(double percent)
    {
        var reviewPercent = (decimal)percent;
        var first = TaskIds.Take(1_000).Select(id => ReviewSampling.IsSampled(id, "Review_1", reviewPercent)).ToList();
        var second = TaskIds.Take(1_000).Select(id => ReviewSampling.IsSampled(id, "Review_1", reviewPercent)).ToList();

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Zero_percent_never_samples(int percent)
    {
        Assert.DoesNotContain(TaskIds, id => ReviewSampling.IsSampled(id, "Review_1", percent));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void One_hundred_percent_always_samples(int percent)
    {
        Assert.All(TaskIds, id => Assert.True(ReviewSampling.IsSampled(id, "Review_1", percent)));
    }

    [Theory]
    [InlineData("0.3", 2_700, 3_300)]
    [InlineData("0.05", 350, 650)]
    [InlineData("0.9", 8_700, 9_300)]
    public void A_fraction_samples_roughly_that_share_of_tasks(string percent, int atLeast, int atMost)
    {
        var reviewPercent = decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture);

        var sampled = TaskIds.Count(id => ReviewSampling.IsSampled(id, "Review_1", reviewPercent));

        Assert.InRange(sampled, atLeast, atMost);
    }

    [Fact]
    public void Each_review_stage_draws_its_own_sample()
    {
        var review1 = TaskIds.Where(id => ReviewSampling.IsSampled(id, "Review_1", 0.5m)).ToHashSet();
        var review2 = TaskIds.Where(id => ReviewSampling.IsSampled(id, "Review_2", 0.5m)).ToHashSet();

        Assert.NotEqual(review1, review2);
        // Independent halves overlap on about a quarter of the tasks.
        Assert.InRange(review1.Intersect(review2).Count(), 2_200, 2_800);
    }

    [Fact]
    public void Raising_the_percentage_only_adds_tasks_to_the_sample()
    {
        var at30 = TaskIds.Where(id => ReviewSampling.IsSampled(id, "Review_1", 0.3m));

        Assert.All(at30, id => Assert.True(ReviewSampling.IsSampled(id, "Review_1", 0.6m)));
    }
}
