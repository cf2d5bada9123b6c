using Dialogue.Safety.Screening;

namespace Dialogue.Safety.Tests;

/// <summary>The level order the escalation policy relies on: a more urgent level compares higher.</summary>
public sealed class RiskLevelTests
{
    [Fact]
    public void Levels_are_ordered_by_urgency() =>
        Assert.True(RiskLevel.None < RiskLevel.Moderate && RiskLevel.Moderate < RiskLevel.High && RiskLevel.High < RiskLevel.Acute);
}
