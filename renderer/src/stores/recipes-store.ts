import { defineStore } from 'pinia';
import type { RecipeDefinition, RecipeInstance } from '../../../shared/recipes.ts';
import type { RunSummary } from '../../../shared/runs.ts';
import { transport } from './transport-ref.ts';

/** The catalog and the owner's recipes. */
export const useRecipesStore = defineStore('recipes', {
  state: () => ({ catalog: [] as RecipeDefinition[], mine: [] as RecipeInstance[] }),
  getters: {
    instanceOf: (state) => (recipeId: string) => state.mine.find((r) => r.id === recipeId || r.recipe === recipeId),
  },
  actions: {
    async refresh() {
      const api = transport();
      [this.catalog, this.mine] = await Promise.all([api.call('recipes.catalog', {}), api.call('status.get', {}).then((s) => s.recipes)]);
    },
    async save(recipe: string, settings: Record<string, unknown>, enabled: boolean) {
      this.mine = await transport().call('recipes.save', { recipe, settings, enabled });
    },
    async setEnabled(id: string, enabled: boolean) {
      this.mine = await transport().call('recipes.setEnabled', { id, enabled });
    },
    sendTest(id: string): Promise<RunSummary> {
      return transport().call('recipes.sendTest', { id });
    },
  },
});
