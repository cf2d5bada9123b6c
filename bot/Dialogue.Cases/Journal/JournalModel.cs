using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Journal;

/// <summary>How the journal is stored (migration M0010).</summary>
internal static class JournalModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<JournalEntry>(e =>
        {
            e.ToTable("journal_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.ChannelId).HasMaxLength(100);
            e.Property(x => x.ConversationId).HasMaxLength(400);
            e.Property(x => x.Actor).HasMaxLength(20);
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.ContentHash).HasMaxLength(64);
            e.Property(x => x.PrevHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.PersonId, x.Seq }).IsUnique().HasDatabaseName("ux_journal_entries_person_seq");
            e.HasIndex(x => new { x.PersonId, x.At }).HasDatabaseName("ix_journal_entries_person_at");
            e.HasIndex(x => new { x.Seq, x.Id }).HasDatabaseName("ix_journal_entries_unsealed");
            e.HasIndex(x => new { x.At, x.Kind }).HasDatabaseName("ix_journal_entries_at_kind");
        });
    }
}
