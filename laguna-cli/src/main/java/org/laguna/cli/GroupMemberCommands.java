package org.laguna.cli;

import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code laguna account member list|add|delete} and {@code laguna account groups}: the members of GROUP accounts. */
@Command(name = "member", mixinStandardHelpOptions = true, description = "List, add or remove the members of a GROUP account.",
        subcommands = {GroupMemberCommands.ListMembers.class, GroupMemberCommands.AddMember.class, GroupMemberCommands.DeleteMember.class})
final class GroupMemberCommands {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the members of a GROUP account.")
    static final class ListMembers extends ClientCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(client.accounts().members(group), "account", "type", "created_at");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Make an account a member of a GROUP account (administrators).")
    static final class AddMember extends ClientCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Parameters(index = "1", paramLabel = "ACCOUNT")
        String member;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.accounts().addMember(group, member);
            out.done("Added " + member + " to group " + group, "added", "group", group, "account", member);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove a member from a GROUP account (administrators).")
    static final class DeleteMember extends ClientCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Parameters(index = "1", paramLabel = "ACCOUNT")
        String member;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.accounts().removeMember(group, member);
            out.done("Removed " + member + " from group " + group, "deleted", "group", group, "account", member);
        }
    }

    @Command(name = "groups", mixinStandardHelpOptions = true, description = "List the GROUP accounts an account is a member of.")
    static final class Groups extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ACCOUNT")
        String account;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(client.accounts().groups(account), "group", "type", "created_at");
        }
    }
}
