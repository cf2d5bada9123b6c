using Dialogue.Cases.Audit;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Persistence;

/// <summary>The access audit log's table (see <see cref="AccessAudit"/>).</summary>
internal static class AuditModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AccessAuditRecord>(e =>
        {
            e.ToTable("access_audit");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Action).HasMaxLength(40);
            e.Property(x => x.Decision).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Resource).HasMaxLength(AccessAudit.MaxResourceLength);
            e.Property(x => x.Method).HasMaxLength(10);
            e.Property(x => x.Path).HasMaxLength(AccessAudit.MaxPathLength);
            e.Property(x => x.ClientAddress).HasMaxLength(64);
            e.Property(x => x.UserAgent).HasMaxLength(AccessAudit.MaxUserAgentLength);
            e.HasIndex(x => new { x.ActorOffice, x.At }).HasDatabaseName("ix_access_audit_office_at");
            e.HasIndex(x => new { x.PersonId, x.At }).HasDatabaseName("ix_access_audit_person_at");
        });
    }
}
